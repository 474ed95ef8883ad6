namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>H.264 profiles; the values are those of enum v4l2_mpeg_video_h264_profile.</summary>
public enum H264Profile
{
    /// <summary>Baseline.</summary>
    Baseline = 0,

    /// <summary>Constrained Baseline: what every WebCodecs decoder accepts; no B-frames.</summary>
    ConstrainedBaseline = 1,

    /// <summary>Main.</summary>
    Main = 2,

    /// <summary>High.</summary>
    High = 4,
}
