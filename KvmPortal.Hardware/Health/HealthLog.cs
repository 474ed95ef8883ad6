using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Health;

/// <summary>Log messages of the health layer.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Debug, Message = "Health source {Path} could not be read")]
    public static partial void SourceUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Health sampling failed")]
    public static partial void SampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Raspberry Pi throttling now: undervoltage {Undervoltage}, throttled {Throttled}, frequency capped {Capped} (flags 0x{Raw:x})")]
    public static partial void Throttled(ILogger logger, bool undervoltage, bool throttled, bool capped, uint raw);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Health sampler started: every {IntervalSeconds} s, {Capacity} samples kept")]
    public static partial void Started(ILogger logger, int intervalSeconds, int capacity);
}
