namespace KvmPortal.Video;

/// <summary>
/// What the browser measured over the last second: picture size, frames drawn in that second, the mean capture-to-paint latency of
/// those frames (measured as each arrived; null when none arrived), the signal state of the last frame, the codec drawn
/// ("h264", "mjpeg", or empty before the first frame) and the bitrate received in that second.
/// </summary>
public sealed record VideoStats(int Width, int Height, int FramesDrawn, long? LatencyMs, Hardware.Video.VideoSignalState Signal, string Codec = "", int Kbps = 0)
{
    /// <summary>Gets the codec and bitrate for the status line ("H.264 · 312 kbit/s"), or empty.</summary>
    public string DescribeCodec() => Codec switch
    {
        "h264" => Kbps > 0 ? $"H.264 · {Kbps} kbit/s" : "H.264",
        "mjpeg" => Kbps > 0 ? $"MJPEG · {Kbps} kbit/s" : "MJPEG",
        _ => "",
    };

    /// <summary>Gets the status line's text for these figures.</summary>
    public string Describe() => Signal switch
    {
        Hardware.Video.VideoSignalState.Online when FramesDrawn == 0 => $"{Width}×{Height} · static screen",
        Hardware.Video.VideoSignalState.Online => $"{Width}×{Height} · {FramesDrawn} frame{(FramesDrawn == 1 ? "" : "s")} in the last second" + (LatencyMs is { } ms ? $" · {ms} ms capture to screen" : ""),
        Hardware.Video.VideoSignalState.NoDevice => "No capture device",
        Hardware.Video.VideoSignalState.Disabled => "Video is disabled",
        _ => "No signal from the server",
    };
}
