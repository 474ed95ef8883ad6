namespace KvmPortal.Hardware.Video;

/// <summary>
/// A producer of raw frames. Called from the single capture thread only. Implementations open their device lazily in
/// <see cref="Capture"/>, renegotiate when the request changes, and turn failures into states instead of throwing.
/// </summary>
public interface IVideoSource : IDisposable
{
    /// <summary>Gets a short name for logs and the state API.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether frames are already compressed (MJPEG passthrough).</summary>
    bool DeliversJpeg { get; }

    /// <summary>Blocks until the newest frame is available or the state says there is none (returns at least about once a second).</summary>
    /// <param name="request">Current wishes of the pipeline.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A frame or a state.</returns>
    VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken);

    /// <summary>Stops capturing and releases the device (called when nobody watches); the next Capture reopens it.</summary>
    void Stop();
}
