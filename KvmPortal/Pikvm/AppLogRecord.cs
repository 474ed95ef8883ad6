namespace KvmPortal.Pikvm;

/// <summary>One line of KvmPortal's own log, kept for <c>/api/log</c>.</summary>
public sealed record AppLogRecord(long Sequence, DateTimeOffset At, string Category, string Message);
