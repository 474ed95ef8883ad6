namespace KvmPortal.Hardware.Video.H264;

/// <summary>H.264 streaming settings (configuration section KvmPortal:Video:H264). Bitrate and GOP can change live (PiKVM's set_params).</summary>
public sealed class H264Options
{
    /// <summary>Gets or sets a value indicating whether H.264 is offered at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets which encoder to use: the V4L2 memory-to-memory hardware when present (else openh264), or one of them only.</summary>
    public H264EncoderKind Encoder { get; set; } = H264EncoderKind.Auto;

    /// <summary>Gets or sets the M2M encoder node; empty = find the Raspberry Pi's (bcm2835-codec-encode, normally /dev/video11).</summary>
    public string M2mDevice { get; set; } = string.Empty;

    /// <summary>Gets or sets the target bitrate in kbit/s (PiKVM's h264_bitrate, 25..20000, default 5000).</summary>
    public int BitrateKbps { get; set; } = 5000;

    /// <summary>Gets or sets the periodic key-frame interval in frames (PiKVM's h264_gop, 0..60; 0 = key frames only when needed).</summary>
    public int Gop { get; set; }

    /// <summary>Gets or sets the pause after which the next frame is a key frame, in milliseconds (ustreamer: 500).</summary>
    public int IdleKeyFrameMilliseconds { get; set; } = 500;

    /// <summary>Gets or sets how many coded frames a viewer may fall behind before it skips to the next key frame.</summary>
    public int MaxLagFrames { get; set; } = 8;
}
