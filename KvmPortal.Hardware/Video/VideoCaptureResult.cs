namespace KvmPortal.Hardware.Video;

/// <summary>One step of a source: either a frame (then State is Online) or a state without a frame.</summary>
public readonly record struct VideoCaptureResult
{
    /// <summary>Gets the state of the source.</summary>
    public VideoSignalState State { get; init; }

    /// <summary>Gets the frame (the caller owns one reference and must dispose it), or null.</summary>
    public RawVideoFrame? Frame { get; init; }

    /// <summary>Creates a frame result.</summary>
    /// <returns>The result.</returns>
    public static VideoCaptureResult FromFrame(RawVideoFrame frame) => new() { State = VideoSignalState.Online, Frame = frame };

    /// <summary>Creates a state-only result.</summary>
    /// <returns>The result.</returns>
    public static VideoCaptureResult FromState(VideoSignalState state) => new() { State = state };
}
