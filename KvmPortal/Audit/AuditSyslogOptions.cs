namespace KvmPortal.Audit;

/// <summary>The <c>KvmPortal:Audit:Syslog</c> section. Forwarding is off while <see cref="Host"/> is empty.</summary>
public sealed class AuditSyslogOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 514;

    public SyslogProtocol Protocol { get; set; } = SyslogProtocol.Udp;

    /// <summary>Gets or sets the RFC 5424 APP-NAME.</summary>
    public string AppName { get; set; } = "kvmportal";
}
