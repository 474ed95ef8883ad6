namespace KvmPortal.Configuration;

/// <summary>
/// The keys directly inside the <c>KvmPortal</c> configuration section. Its subsections (<c>KvmPortal:Security</c>, <c>KvmPortal:Vnc</c>,
/// <c>KvmPortal:Hid</c>, …) belong to the features that bind them, each registered with
/// <see cref="KnownConfigurationRegistration.AddKnownOptions{TOptions}"/>; an unknown key anywhere inside stops the start (see
/// <see cref="ConfigurationSchema"/>).
/// </summary>
public sealed class KvmPortalOptions
{
    public const string SectionName = "KvmPortal";

    /// <summary>Gets or sets where the database, images, certificates and generated secrets live. Empty: ./data in Development, /var/lib/kvmportal otherwise.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Gets or sets the path of the override file (read before environment variables and the command line).</summary>
    public string OverrideFile { get; set; } = ConfigurationLayering.DefaultOverrideFile;
}
