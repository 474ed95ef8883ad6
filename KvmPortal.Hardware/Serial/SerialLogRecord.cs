namespace KvmPortal.Hardware.Serial;

/// <summary>One chunk a serial port sent, with the time it was received.</summary>
public sealed record SerialLogRecord(DateTimeOffset Time, byte[] Data);
