namespace KvmPortal.Audit;

/// <summary>Syslog transport: UDP (RFC 5426, one message per datagram) or TCP (RFC 6587 octet-counting framing).</summary>
public enum SyslogProtocol
{
    Udp = 0,
    Tcp = 1,
}
