namespace KvmPortal.Hardware.Video;

/// <summary>Which video source implementation to use.</summary>
public enum VideoBackend
{
    /// <summary>No capture; a placeholder frame says so.</summary>
    Disabled,

    /// <summary>The simulated target server's screen.</summary>
    Simulated,

    /// <summary>A Video4Linux2 capture device (HDMI-CSI bridge or UVC dongle).</summary>
    V4l2,
}
