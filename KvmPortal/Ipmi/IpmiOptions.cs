namespace KvmPortal.Ipmi;

/// <summary>
/// The <c>KvmPortal:Ipmi</c> section: the built-in IPMI 2.0 (RMCP+ "lanplus") server. Off by default; when on it listens on UDP
/// (623 unless configured; 0 picks a free port, for tests).
/// </summary>
public sealed class IpmiOptions
{
    public const string SectionName = "KvmPortal:Ipmi";

    /// <summary>Gets or sets a value indicating whether the IPMI server runs.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the UDP port (623 is IPMI's; 0 = any free port).</summary>
    public int Port { get; set; } = 623;

    /// <summary>Gets or sets the address to listen on (0.0.0.0 = every IPv4 address; :: = IPv6 and IPv4).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Gets or sets how long an idle session lives (IPMI's default is 60 s).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the most sessions (open and being set up) at a time.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>Gets or sets how many failed RAKP logins from one address for one user name lock that pair out.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>Gets or sets a value indicating whether Serial-over-LAN (<c>ipmitool sol activate</c>) is offered.</summary>
    public bool SolEnabled { get; set; } = true;

    /// <summary>Gets or sets the serial port (its name in <c>KvmPortal:Serial</c>) Serial-over-LAN connects to; empty = the first port.</summary>
    public string SolPort { get; set; } = "";

    /// <summary>Gets or sets how long a lockout lasts.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
}
