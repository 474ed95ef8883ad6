using KvmPortal.Hosting;

namespace KvmPortal.Options;

/// <summary>The <c>KvmPortal</c> configuration section. Unknown keys inside it stop the start (see StrictConfigurationValidator).</summary>
public sealed class KvmPortalOptions
{
    public const string SectionName = "KvmPortal";

    /// <summary>Gets or sets where the database, images, certificates and generated secrets live. Empty: ./data in Development, /var/lib/kvmportal otherwise.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Gets or sets the hardware profile: Simulated (default, no hardware), Pi (real backends).</summary>
    public HardwareProfile Profile { get; set; } = HardwareProfile.Simulated;

    /// <summary>Gets or sets the path of the override file (read before environment variables and the command line).</summary>
    public string OverrideFile { get; set; } = ConfigurationLayering.DefaultOverrideFile;

    public SecurityOptions Security { get; set; } = new();

    public TlsOptions Tls { get; set; } = new();
}
