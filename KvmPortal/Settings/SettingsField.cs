namespace KvmPortal.Settings;

/// <summary>One edited value: its configuration key, how to read it from <see cref="PortalSettings"/>, and when it takes effect.</summary>
/// <param name="Key">The configuration key (for example <c>KvmPortal:Video:JpegQuality</c>).</param>
/// <param name="Read">Reads the value as it is written to the override file.</param>
/// <param name="RestartNeeded">True when the value is only read at start.</param>
public sealed record SettingsField(string Key, Func<PortalSettings, object> Read, bool RestartNeeded)
{
    /// <summary>Gets every field the settings page edits. Most are read at start (a restart applies them); the idle timeout applies at once.</summary>
    public static IReadOnlyList<SettingsField> All { get; } =
    [
        new("KvmPortal:Hid:Backend", s => s.HidOutput.ToString(), true),
        new("KvmPortal:Hid:RelativeMouseDevice", s => s.RelativeMouse ? "/dev/hidg2" : "", true),
        new("KvmPortal:Hid:DefaultKeymap", s => s.DefaultKeymap, true),
        new("KvmPortal:Hid:JigglerEnabled", s => s.JigglerEnabled, true),
        new("KvmPortal:Hid:JigglerIntervalSeconds", s => s.JigglerIntervalSeconds, true),
        new("KvmPortal:Video:Device", s => s.VideoDevice.Trim(), true),
        new("KvmPortal:Video:EdidFile", s => s.VideoEdidFile.Trim(), true),
        new("KvmPortal:Video:Width", s => s.VideoWidth, true),
        new("KvmPortal:Video:Height", s => s.VideoHeight, true),
        new("KvmPortal:Video:JpegQuality", s => s.JpegQuality, true),
        new("KvmPortal:Video:DesiredFps", s => s.DesiredFps, true),
        new("KvmPortal:Security:SessionRevalidation", s => TimeSpan.FromSeconds(s.SessionRevalidationSeconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture), true),
        new("KvmPortal:Security:SessionIdleTimeout", s => TimeSpan.FromMinutes(s.SessionIdleMinutes).ToString("c", System.Globalization.CultureInfo.InvariantCulture), false),
    ];
}
