namespace KvmPortal.Security;

/// <summary>The <c>KvmPortal:Tls</c> section. When enabled, Kestrel serves HTTPS and redirects plain HTTP to it.</summary>
public sealed class TlsOptions
{
    public const string SectionName = "KvmPortal:Tls";

    public bool Enabled { get; set; }

    public int HttpsPort { get; set; } = 443;

    /// <summary>Gets or sets the plain-HTTP port that only redirects to HTTPS (0 = none).</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>Gets or sets a PEM certificate path. Empty: a self-signed certificate is generated into DataDirectory/tls on first start.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Gets or sets the PEM private-key path belonging to <see cref="CertificatePath"/>.</summary>
    public string KeyPath { get; set; } = "";
}
