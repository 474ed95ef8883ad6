namespace KvmPortal.Hardware.Video.H264;

/// <summary>Which H.264 encoder the broadcaster uses.</summary>
public enum H264EncoderKind
{
    /// <summary>The V4L2 M2M hardware encoder when one is found, else openh264.</summary>
    Auto,

    /// <summary>Only the V4L2 M2M encoder.</summary>
    M2m,

    /// <summary>Only openh264 (software).</summary>
    Software,
}
