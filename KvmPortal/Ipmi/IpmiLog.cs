using System.Net;

namespace KvmPortal.Ipmi;

/// <summary>Source-generated log messages of the IPMI server (never a password, key or authcode).</summary>
public static partial class IpmiLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "IPMI server listening on UDP {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "IPMI datagram from {Remote} failed")]
    public static partial void DatagramFailed(ILogger logger, Exception exception, EndPoint remote);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "IPMI session {SessionId:X8} of {User} from {Remote} opened (cipher suite {Suite})")]
    public static partial void SessionOpened(ILogger logger, uint sessionId, string user, EndPoint remote, int suite);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "IPMI session {SessionId:X8} of {User} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, uint sessionId, string user, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "IPMI login of {User} from {Remote} refused: {Reason}")]
    public static partial void LoginRefused(ILogger logger, string user, EndPoint remote, string reason);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Error, Message = "IPMI server receive loop failed")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);
}
