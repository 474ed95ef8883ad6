namespace KvmPortal.Hardware.Video;

/// <summary>A snapshot of the streamer's state and counters.</summary>
public sealed record VideoStreamState
{
    /// <summary>Gets the source name.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the signal state.</summary>
    public VideoSignalState State { get; init; }

    /// <summary>Gets a value indicating whether real pictures are flowing.</summary>
    public bool Online => State == VideoSignalState.Online;

    /// <summary>Gets a value indicating whether the capture device is currently open/running.</summary>
    public bool Capturing { get; init; }

    /// <summary>Gets the width of the last captured frame.</summary>
    public int Width { get; init; }

    /// <summary>Gets the height of the last captured frame.</summary>
    public int Height { get; init; }

    /// <summary>Gets the pixel format of the last captured frame.</summary>
    public VideoPixelFormat? Format { get; init; }

    /// <summary>Gets frames captured during the last second.</summary>
    public int CapturedFps { get; init; }

    /// <summary>Gets frames encoded during the last second (0 on a static screen).</summary>
    public int EncodedFps { get; init; }

    /// <summary>Gets the number of frames captured in total.</summary>
    public long FramesCaptured { get; init; }

    /// <summary>Gets the number of encodes performed in total.</summary>
    public long EncodesPerformed { get; init; }

    /// <summary>Gets the number of captured frames skipped because the picture had not changed.</summary>
    public long FramesUnchanged { get; init; }

    /// <summary>Gets the number of captured frames skipped because nobody watched.</summary>
    public long FramesUnwatched { get; init; }

    /// <summary>Gets the number of encodes dropped because a newer frame had already been published.</summary>
    public long EncodesDroppedLate { get; init; }

    /// <summary>Gets the sequence number of the latest published frame.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the current JPEG quality.</summary>
    public int JpegQuality { get; init; }

    /// <summary>Gets the current desired fps (0 = unlimited).</summary>
    public int DesiredFps { get; init; }

    /// <summary>Gets the number of encoder workers.</summary>
    public int Workers { get; init; }

    /// <summary>Gets the viewers and their counters.</summary>
    public IReadOnlyList<VideoViewerState> Viewers { get; init; } = [];

    /// <summary>Gets the H.264 broadcaster's figures (null when none is attached).</summary>
    public H264.H264State? H264 { get; init; }
}
