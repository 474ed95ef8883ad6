using KvmPortal.Hardware.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// The video pipeline (a singleton hosted service), shaped after ustreamer: one capture thread that keeps only the newest
/// frame, min(cores, 4) encoder workers with staggered starts, no encoding when the picture has not changed or nobody
/// watches, and a single "latest frame" that every consumer reads at its own pace (never a backlog).
/// </summary>
public sealed partial class VideoStreamer : IHostedService, IDisposable, IWatchedService
{
    private static readonly TimeSpan PlaceholderRepeat = TimeSpan.FromSeconds(1);

    /// <summary>How long a stop waits for the capture and encoder threads (a capture or an encode in progress finishes first).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly IVideoSource _source;
    private readonly VideoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<VideoStreamer> _logger;
    private readonly Func<IFrameEncoder> _encoderFactory;
    private readonly int _workerCount;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _pendingSignal = new(0);
    private readonly List<VideoViewer> _viewers = [];
    private readonly FrameRateCounter _capturedRate;
    private readonly FrameRateCounter _encodedRate;
    private readonly HeartbeatLane _captureLane;

    private CancellationTokenSource? _stopping;
    private Thread? _captureThread;
    private Thread[] _workerThreads = [];
    private TaskCompletionSource<JpegFrame> _next = NewFrameSource();
    private TaskCompletionSource _progress = NewProgressSource();
    private JpegFrame? _latest;
    private long _sequence;
    private long _viewerIds;
    private DateTimeOffset _lastViewerLeft = DateTimeOffset.MinValue;

    private int _quality;
    private int _desiredFps;
    private VideoCaptureRequest _request;
    private volatile bool _force = true;
    private H264.IRawFrameSink? _rawSink;
    private bool _jpegStale; // guarded by _gate: pictures went to the raw sink only, so _latest shows an older one
    private bool _stopped; // guarded by _gate: waits for frames fail at once

    /// <summary>Initializes a new instance of the <see cref="VideoStreamer"/> class.</summary>
    /// <param name="source">The frame source.</param>
    /// <param name="options">Settings (initial values; quality, fps and resolution can change live).</param>
    /// <param name="timeProvider">Clock for timestamps, pacing and idle timeouts.</param>
    /// <param name="logger">Logger.</param>
    public VideoStreamer(IVideoSource source, IOptions<VideoOptions> options, TimeProvider timeProvider, ILogger<VideoStreamer> logger)
        : this(source, options, timeProvider, logger, static () => new TurboFrameEncoder())
    {
    }

    internal VideoStreamer(IVideoSource source, IOptions<VideoOptions> options, TimeProvider timeProvider, ILogger<VideoStreamer> logger, Func<IFrameEncoder> encoderFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _encoderFactory = encoderFactory;
        _workerCount = _options.Workers > 0 ? _options.Workers : Math.Clamp(Environment.ProcessorCount, 1, 4);
        if (source.DeliversJpeg)
        {
            _workerCount = 1; // passthrough is cheap; one worker keeps order trivially
        }

        _quality = Math.Clamp(_options.JpegQuality, 1, 100);
        _desiredFps = Math.Max(0, _options.DesiredFps);
        _request = new VideoCaptureRequest(_options.Width, _options.Height, _desiredFps);
        _capturedRate = new FrameRateCounter(timeProvider);
        _encodedRate = new FrameRateCounter(timeProvider);
        Heartbeat = new ServiceHeartbeat("video", timeProvider);
        _captureLane = Heartbeat.AddLane("capture");
    }

    /// <summary>Gets the liveness of the capture and encoder threads (a capture or an encode that never returns).</summary>
    public ServiceHeartbeat Heartbeat { get; }

    /// <summary>Gets the newest published frame, or null before the first one.</summary>
    public JpegFrame? Latest => Volatile.Read(ref _latest);

    /// <summary>Gets the number of encoder workers.</summary>
    public int WorkerCount => _workerCount;

    /// <summary>Gets the number of viewer leases held.</summary>
    public int ViewerCount
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>Gets or sets the JPEG quality (1..100), live.</summary>
    public int JpegQuality
    {
        get => Volatile.Read(ref _quality);
        set
        {
            Volatile.Write(ref _quality, Math.Clamp(value, 1, 100));
            _force = true;
        }
    }

    /// <summary>Gets or sets the highest encoded frame rate (0 = unlimited), live.</summary>
    public int DesiredFps
    {
        get => Volatile.Read(ref _desiredFps);
        set
        {
            int fps = Math.Max(0, value);
            Volatile.Write(ref _desiredFps, fps);
            Volatile.Write(ref _request, Volatile.Read(ref _request) with { DesiredFps = fps });
        }
    }

    /// <summary>Asks the source for another capture size (0 × 0 = the source's own); applied on the next capture.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SetResolution(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Volatile.Write(ref _request, new VideoCaptureRequest(width, height, DesiredFps));
        _force = true;
    }

    /// <summary>Takes a viewer lease: capture and encoding run while any lease is held.</summary>
    /// <param name="name">A label for the state API.</param>
    /// <param name="jpeg">Whether the viewer reads JPEG frames (false for H.264 viewers: JPEG encoding stops when only they watch).</param>
    /// <returns>The lease (dispose it when the client goes away).</returns>
    public VideoViewer AddViewer(string name, bool jpeg = true)
    {
        var viewer = new VideoViewer(Interlocked.Increment(ref _viewerIds), name, jpeg, _time, RemoveViewer);
        bool first;
        lock (_gate)
        {
            _viewers.Add(viewer);
            first = _viewers.Count == 1;
            if (jpeg && _jpegStale)
            {
                _force = true; // the newest JPEG is older than the picture: encode the next capture even if unchanged
            }
        }

        if (first)
        {
            _wake.Release();
        }

        return viewer;
    }

    /// <summary>Returns the newest frame with a sequence above <paramref name="afterSequence"/>, waiting if there is none yet.</summary>
    /// <param name="afterSequence">The last sequence the consumer has (0 or less for "anything").</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The newest frame; intermediate frames are skipped, never queued.</returns>
    public ValueTask<JpegFrame> WaitNextAsync(long afterSequence, CancellationToken cancellationToken)
    {
        Task<JpegFrame> next;
        lock (_gate)
        {
            if (_latest is { } latest && latest.Sequence > afterSequence && !_jpegStale)
            {
                return new ValueTask<JpegFrame>(latest);
            }

            if (_stopped)
            {
                return ValueTask.FromCanceled<JpegFrame>(new CancellationToken(canceled: true));
            }

            next = _next.Task;
        }

        return new ValueTask<JpegFrame>(next.WaitAsync(cancellationToken));
    }

    /// <summary>Returns a frame that reflects the screen as of now (waits for one capture cycle; encodes even with no other viewer).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The current frame (a placeholder when offline).</returns>
    public async Task<JpegFrame> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        using var lease = AddViewer("snapshot");
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                progress = _stopped ? Task.FromCanceled(new CancellationToken(canceled: true)) : _progress.Task;
            }

            await progress.WaitAsync(cancellationToken);
            if (Latest is { } latest)
            {
                return latest;
            }
        }
    }

    /// <summary>Gets the current state and counters.</summary>
    /// <returns>A snapshot.</returns>
    public VideoStreamState GetState()
    {
        List<VideoViewerState> viewers;
        lock (_gate)
        {
            viewers = [.. _viewers.Select(v => new VideoViewerState(v.Id, v.Name, v.Fps, v.FramesDelivered))];
        }

        return new VideoStreamState
        {
            Source = _source.Name,
            State = _state,
            Capturing = _capturing,
            Width = _width,
            Height = _height,
            Format = _format,
            CapturedFps = _capturedRate.PerSecond,
            EncodedFps = _encodedRate.PerSecond,
            FramesCaptured = Interlocked.Read(ref _framesCaptured),
            EncodesPerformed = Interlocked.Read(ref _encodes),
            FramesUnchanged = Interlocked.Read(ref _unchanged),
            FramesUnwatched = Interlocked.Read(ref _unwatched),
            EncodesDroppedLate = Interlocked.Read(ref _droppedLate),
            Sequence = Latest?.Sequence ?? 0,
            JpegQuality = JpegQuality,
            DesiredFps = DesiredFps,
            Workers = _workerCount,
            Viewers = viewers,
            H264 = Volatile.Read(ref _rawSink)?.GetState(),
        };
    }

    /// <summary>Attaches the consumer of raw pictures (the H.264 broadcaster); one at most.</summary>
    /// <param name="sink">The sink.</param>
    public void AttachRawSink(H264.IRawFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _rawSink, sink, null) is not null)
        {
            throw new InvalidOperationException("A raw frame sink is already attached");
        }
    }

    private static TaskCompletionSource<JpegFrame> NewFrameSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewProgressSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void RemoveViewer(VideoViewer viewer)
    {
        lock (_gate)
        {
            _viewers.Remove(viewer);
            if (_viewers.Count == 0)
            {
                _lastViewerLeft = _time.GetUtcNow();
            }
        }
    }
}
