using KvmPortal.Settings;

namespace KvmPortal.Vnc;

/// <summary>Checks the VNC keys of a would-be configuration (the settings card's save) with the same validator as at start.</summary>
internal static class VncSettings
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration) =>
        SectionCheck.Validate(configuration, VncOptions.SectionName, new VncOptionsValidator());
}
