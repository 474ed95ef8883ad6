using System.Net;

namespace KvmPortal.Vnc;

/// <summary>Source-generated log messages of the VNC server (never a password, key or typed text).</summary>
internal static partial class VncLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "VNC server listening on TCP {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "VNC session of {User} from {Remote} opened ({Security}, {Mode})")]
    public static partial void Opened(ILogger logger, string user, string remote, string security, string mode);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Information, Message = "VNC session of {User} from {Remote} ended: {Reason}")]
    public static partial void Closed(ILogger logger, string user, string remote, string reason);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Warning, Message = "VNC connection from {Remote} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Error, Message = "VNC session from {Remote} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string remote);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Error, Message = "VNC listener on {EndPoint} failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, EndPoint endPoint);
}
