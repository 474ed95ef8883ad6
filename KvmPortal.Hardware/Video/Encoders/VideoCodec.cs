namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Coded formats a video encoder can produce.</summary>
public enum VideoCodec
{
    /// <summary>H.264 Annex-B access units (the Pi's encoder, openh264).</summary>
    H264,

    /// <summary>vicodec's FWHT (the kernel's virtual test codec; same V4L2 interface as a hardware H.264 encoder).</summary>
    Fwht,
}
