using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Serial;

/// <summary>Log messages of the serial layer (never what was typed or received).</summary>
internal static partial class SerialLog
{
    [LoggerMessage(EventId = 2800, Level = LogLevel.Information, Message = "Serial backend {Backend} started with {Count} port(s)")]
    public static partial void Started(ILogger logger, SerialBackend backend, int count);

    [LoggerMessage(EventId = 2801, Level = LogLevel.Information, Message = "Serial port {Port} opened {Device} at {Settings}")]
    public static partial void Opened(ILogger logger, string port, string device, string settings);

    [LoggerMessage(EventId = 2802, Level = LogLevel.Warning, Message = "Serial port {Port} lost {Device}: {Reason}; retrying")]
    public static partial void Lost(ILogger logger, string port, string device, string reason);

    [LoggerMessage(EventId = 2803, Level = LogLevel.Debug, Message = "Serial port {Port} cannot open {Device}: {Reason}")]
    public static partial void OpenFailed(ILogger logger, string port, string device, string reason);

    [LoggerMessage(EventId = 2804, Level = LogLevel.Warning, Message = "Serial port {Port}: writing its log failed")]
    public static partial void LogFailed(ILogger logger, string port, Exception exception);

    [LoggerMessage(EventId = 2805, Level = LogLevel.Information, Message = "Serial port {Port}: a subscriber fell too far behind and was cut off")]
    public static partial void SubscriberCutOff(ILogger logger, string port);

    [LoggerMessage(EventId = 2806, Level = LogLevel.Information, Message = "Serial port {Port}: break sent")]
    public static partial void BreakSent(ILogger logger, string port);

    [LoggerMessage(EventId = 2807, Level = LogLevel.Information, Message = "Serial port {Port}: line settings changed to {Settings}; reopening")]
    public static partial void Reconfigured(ILogger logger, string port, string settings);
}
