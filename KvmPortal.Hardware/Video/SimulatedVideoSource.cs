using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// Captures the simulated target server's screen. Re-renders only when <see cref="ISimulatedDisplay.FrameVersion"/> changes
/// (otherwise hands out the cached frame again, so the pipeline sees an unchanged version and skips encoding).
/// </summary>
public sealed class SimulatedVideoSource : IVideoSource
{
    private const int DefaultFps = 60;

    private readonly ISimulatedDisplay _display;
    private readonly TimeProvider _time;
    private RawVideoFrame? _cached;
    private long _lastCapture = long.MinValue;

    /// <summary>Initializes a new instance of the <see cref="SimulatedVideoSource"/> class.</summary>
    /// <param name="display">The simulated screen.</param>
    /// <param name="timeProvider">Clock for pacing and timestamps.</param>
    public SimulatedVideoSource(ISimulatedDisplay display, TimeProvider timeProvider)
    {
        _display = display;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "simulated";

    /// <inheritdoc />
    public bool DeliversJpeg => false;

    /// <inheritdoc />
    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int fps = request.DesiredFps > 0 ? Math.Min(request.DesiredFps, DefaultFps) : DefaultFps;
        if (_lastCapture != long.MinValue)
        {
            TimeSpan wait = TimeSpan.FromSeconds(1.0 / fps) - _time.GetElapsedTime(_lastCapture);
            if (wait > TimeSpan.Zero)
            {
                Task.Delay(wait, _time, cancellationToken).GetAwaiter().GetResult(); // throws OperationCanceledException itself
            }
        }

        _lastCapture = _time.GetTimestamp();
        if (!_display.HasSignal || _display.Width <= 0 || _display.Height <= 0)
        {
            Release();
            return VideoCaptureResult.FromState(VideoSignalState.NoSignal);
        }

        int width = _display.Width;
        int height = _display.Height;
        long version = _display.FrameVersion;
        if (_cached is { } cached && cached.Version == version && cached.Width == width && cached.Height == height)
        {
            return VideoCaptureResult.FromFrame(cached.Retain());
        }

        var frame = new RawVideoFrame(VideoPixelFormat.Rgb24, width, height, width * 3, width * height * 3, _time.GetUtcNow(), version);
        frame.Version = _display.RenderRgb24(frame.Buffer);
        Release();
        _cached = frame;
        return VideoCaptureResult.FromFrame(frame.Retain());
    }

    /// <inheritdoc />
    public void Stop()
    {
        Release();
        _lastCapture = long.MinValue;
    }

    /// <inheritdoc />
    public void Dispose() => Release();

    private void Release()
    {
        _cached?.Dispose();
        _cached = null;
    }
}
