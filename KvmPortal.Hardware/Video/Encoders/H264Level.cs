namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>H.264 levels; the values are those of enum v4l2_mpeg_video_h264_level.</summary>
public enum H264Level
{
    /// <summary>Level 3.1 (720p30).</summary>
    Level31 = 9,

    /// <summary>Level 4.0 (1080p30; ustreamer's default).</summary>
    Level40 = 11,

    /// <summary>Level 4.1.</summary>
    Level41 = 12,

    /// <summary>Level 4.2 (1080p60).</summary>
    Level42 = 13,

    /// <summary>Level 5.1 (above 1080p).</summary>
    Level51 = 15,
}
