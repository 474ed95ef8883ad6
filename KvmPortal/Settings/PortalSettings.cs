using KvmPortal.Hardware.Hid;

namespace KvmPortal.Settings;

/// <summary>The values the settings page edits (a flat view of several <c>KvmPortal</c> sections).</summary>
public sealed class PortalSettings
{
    public HidBackend HidOutput { get; set; } = HidBackend.Simulated;

    /// <summary>Gets or sets a value indicating whether the relative mouse is offered (false: absolute mouse only, no relative gadget device).</summary>
    public bool RelativeMouse { get; set; } = true;

    public string DefaultKeymap { get; set; } = "en-us";

    public bool JigglerEnabled { get; set; }

    public int JigglerIntervalSeconds { get; set; } = 60;

    /// <summary>Gets or sets the capture device: a /dev path or part of the driver's name (for example tc358743).</summary>
    public string VideoDevice { get; set; } = "/dev/video0";

    /// <summary>Gets or sets the EDID file given to an HDMI receiver at start (empty: keep the receiver's EDID).</summary>
    public string VideoEdidFile { get; set; } = "";

    public int VideoWidth { get; set; }

    public int VideoHeight { get; set; }

    public int JpegQuality { get; set; } = 80;

    public int DesiredFps { get; set; } = 30;

    /// <summary>Gets or sets how often a signed-in session is re-checked (seconds); a disabled user's sessions end within it.</summary>
    public int SessionRevalidationSeconds { get; set; } = 30;

    /// <summary>Gets or sets after how many minutes without use a browser session is signed out (0 = never).</summary>
    public int SessionIdleMinutes { get; set; } = 60;

    public PortalSettings Clone() => (PortalSettings)MemberwiseClone();
}
