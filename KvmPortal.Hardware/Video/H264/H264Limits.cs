namespace KvmPortal.Hardware.Video.H264;

/// <summary>The ranges kvmd accepts for its H.264 parameters (kvmd/validators/kvm.py).</summary>
public static class H264Limits
{
    /// <summary>Lowest h264_bitrate in kbit/s.</summary>
    public const int MinBitrateKbps = 25;

    /// <summary>Highest h264_bitrate in kbit/s.</summary>
    public const int MaxBitrateKbps = 20000;

    /// <summary>Highest h264_gop.</summary>
    public const int MaxGop = 60;
}
