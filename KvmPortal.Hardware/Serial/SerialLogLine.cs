namespace KvmPortal.Hardware.Serial;

/// <summary>One line of a port's log as text, stamped with the time its first byte arrived.</summary>
public sealed record SerialLogLine(DateTimeOffset Time, string Text);
