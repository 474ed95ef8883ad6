namespace KvmPortal.Video;

/// <summary>
/// What the browser measured over the last second: picture size, frames drawn in that second, the mean capture-to-paint latency of
/// those frames (measured as each arrived; null when none arrived), and the signal state of the last frame.
/// </summary>
public sealed record VideoStats(int Width, int Height, int FramesDrawn, long? LatencyMs, Hardware.Video.VideoSignalState Signal)
{
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
