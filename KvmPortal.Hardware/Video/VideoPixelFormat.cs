namespace KvmPortal.Hardware.Video;

/// <summary>Pixel layouts a video source can deliver.</summary>
public enum VideoPixelFormat
{
    /// <summary>Packed 8-bit R, G, B.</summary>
    Rgb24,

    /// <summary>Packed 8-bit B, G, R.</summary>
    Bgr24,

    /// <summary>32-bit B, G, R, padding.</summary>
    Bgrx32,

    /// <summary>4:2:2 packed Y0 U Y1 V.</summary>
    Yuyv,

    /// <summary>4:2:2 packed U Y0 V Y1 (TC358743).</summary>
    Uyvy,

    /// <summary>Already JPEG-compressed frames (UVC dongles), passed through.</summary>
    Mjpeg,
}
