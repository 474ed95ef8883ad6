namespace KvmPortal.Hardware.Video;

/// <summary>Pixel format requested from a V4L2 device.</summary>
public enum VideoCaptureFormat
{
    /// <summary>Take the first format the device offers that KvmPortal can handle: raw formats before MJPEG, except on USB devices (UVC dongles), where MJPEG comes first.</summary>
    Auto,

    /// <summary>YUYV 4:2:2.</summary>
    Yuyv,

    /// <summary>UYVY 4:2:2 (TC358743).</summary>
    Uyvy,

    /// <summary>RGB24.</summary>
    Rgb24,

    /// <summary>BGR24.</summary>
    Bgr24,

    /// <summary>Motion JPEG, passed through.</summary>
    Mjpeg,
}
