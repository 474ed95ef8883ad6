using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Atx;

/// <summary>Log messages of the ATX layer.</summary>
internal static partial class AtxLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "ATX click {Button} for {DurationMs} ms")]
    public static partial void Click(ILogger logger, AtxButton button, int durationMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "ATX action {Action} skipped: the power LED is already {Led}")]
    public static partial void Skipped(ILogger logger, AtxPowerAction action, string led);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "ATX LEDs changed: power {PowerLed}, hdd {HddLed}")]
    public static partial void LedsChanged(ILogger logger, bool powerLed, bool hddLed);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "ATX LED polling failed")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "ATX action running in the background failed")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "ATX power cycle: waiting {PauseMs} ms before powering on")]
    public static partial void CyclePause(ILogger logger, int pauseMs);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "ATX backend {Backend} started")]
    public static partial void Started(ILogger logger, AtxBackend backend);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "ATX forced power-off: waiting out the running {Running} before the long click")]
    public static partial void ForceOffWaiting(ILogger logger, AtxRunKind running);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "ATX forced power-off requested while one is already running: joined")]
    public static partial void ForceOffJoined(ILogger logger);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "ATX {Running} interrupted by a forced power-off")]
    public static partial void Preempted(ILogger logger, AtxRunKind running);
}
