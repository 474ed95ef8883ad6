namespace KvmPortal.Hardware.Video;

/// <summary>Video settings (configuration section KvmPortal:Video).</summary>
public sealed class VideoOptions
{
    /// <summary>Gets or sets the source implementation.</summary>
    public VideoBackend Backend { get; set; } = VideoBackend.V4l2;

    /// <summary>Gets or sets the V4L2 device: a node path, or a name matched against the V4L2 device names (a USB dongle's product name; survives re-plugs).</summary>
    public string Device { get; set; } = "/dev/video0";

    /// <summary>Gets or sets the V4L2 input to select by name (e.g. "HDMI 0"); empty keeps the current input.</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>Gets or sets the requested pixel format.</summary>
    public VideoCaptureFormat Format { get; set; } = VideoCaptureFormat.Auto;

    /// <summary>Gets or sets the requested width (0 = what the device or the DV timings say).</summary>
    public int Width { get; set; }

    /// <summary>Gets or sets the requested height (0 = what the device or the DV timings say).</summary>
    public int Height { get; set; }

    /// <summary>Gets or sets whether DV timings (HDMI receivers such as the TC358743) are queried and applied.</summary>
    public bool UseDvTimings { get; set; } = true;

    /// <summary>
    /// Gets or sets an EDID file (binary, or hex text as PiKVM's tc358743 EDID files) that an HDMI receiver such as the TC358743 is given
    /// once when the device is first opened (VIDIOC_S_EDID; the source sees a hot-plug and re-reads it). Empty: the receiver keeps its EDID.
    /// </summary>
    public string EdidFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the number of V4L2 buffers (0 = min(cores, 4) + 1).</summary>
    public int Buffers { get; set; }

    /// <summary>Gets or sets the highest frame rate to encode (0 = as fast as frames arrive).</summary>
    public int DesiredFps { get; set; } = 30;

    /// <summary>Gets or sets the JPEG quality (1..100).</summary>
    public int JpegQuality { get; set; } = 80;

    /// <summary>Gets or sets the number of encoder workers (0 = min(cores, 4)).</summary>
    public int Workers { get; set; }

    /// <summary>Gets or sets how long capture keeps running after the last viewer left, in seconds (negative = never stop).</summary>
    public int IdleStopSeconds { get; set; } = 10;

    /// <summary>Gets or sets the delay between attempts to reopen a lost device or find a signal, in milliseconds.</summary>
    public int RetryMilliseconds { get; set; } = 500;

    /// <summary>
    /// Gets or sets a value indicating whether raw V4L2 capture buffers are exported as dmabufs, so the M2M H.264 encoder reads
    /// each picture in place instead of a copy (ustreamer's zero-copy path). Off: every frame is copied into the encoder.
    /// </summary>
    public bool ExportDmabuf { get; set; } = true;

    /// <summary>
    /// Gets or sets the H.264 section (<c>KvmPortal:Video:H264</c>). The broadcaster reads it as its own <c>IOptions&lt;H264Options&gt;</c>;
    /// it is declared here so the section is part of the video settings (and the strict configuration check knows its keys).
    /// </summary>
    public H264.H264Options H264 { get; set; } = new();
}
