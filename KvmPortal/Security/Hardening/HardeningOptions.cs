namespace KvmPortal.Security.Hardening;

/// <summary>Section <c>KvmPortal:Hardening</c>: outbound fetch allow list, extra allowed origins, request body limits, password policy.</summary>
public sealed class HardeningOptions
{
    /// <summary>Gets or sets hosts (exact names) and CIDRs (e.g. <c>192.168.1.0/24</c>, <c>fd00::/8</c>) that URL downloads may reach although they are internal.</summary>
    public List<string> OutboundAllowList { get; set; } = [];

    /// <summary>Gets or sets the maximum number of redirects a URL download follows.</summary>
    public int OutboundMaxRedirects { get; set; } = 5;

    /// <summary>Gets or sets origins besides KvmPortal's own (e.g. <c>https://kvm.example.org</c> behind a reverse proxy) that may use cookies and WebSockets.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Gets or sets the body limit in bytes for every endpoint that does not raise its own (uploads do); holds for chunked bodies.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the body limit for <c>/api/hid/print</c> (pasted text up to 1 MiB plus form overhead).</summary>
    public long MaxPrintBodyBytes { get; set; } = (1024 * 1024) + (64 * 1024);

    /// <summary>Gets or sets the minimum password length.</summary>
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Gets or sets the common-password list (one a line; Debian package <c>john-data</c>). Empty: none.</summary>
    public string CommonPasswordsFile { get; set; } = "/usr/share/john/password.lst";
}
