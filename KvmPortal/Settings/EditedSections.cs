using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Video;
using KvmPortal.Security;

namespace KvmPortal.Settings;

/// <summary>The sections the settings page reads and checks (<see cref="SettingsService"/>), bound from the configuration as it is now.</summary>
internal sealed class EditedSections
{
    public HidOptions Hid { get; } = new();

    public VideoOptions Video { get; } = new();

    public SecurityOptions Security { get; } = new();

    public TlsOptions Tls { get; } = new();

    public static EditedSections Bind(IConfiguration configuration)
    {
        var sections = new EditedSections();
        configuration.GetSection("KvmPortal:Hid").Bind(sections.Hid);
        configuration.GetSection("KvmPortal:Video").Bind(sections.Video);
        configuration.GetSection(SecurityOptions.SectionName).Bind(sections.Security);
        configuration.GetSection(TlsOptions.SectionName).Bind(sections.Tls);
        return sections;
    }
}
