using KvmPortal.Hardware.Video.Encoders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// Encodes the pipeline's pictures to H.264 once for every viewer at the current settings (bitrate, GOP) and broadcasts the access
/// units. It takes the frames the <see cref="VideoStreamer"/> accepts (changed pictures, paced), so a static screen sends nothing;
/// a newest-frame slot in front of one encoder thread drops frames the encoder cannot keep up with. Key frames are forced when a
/// viewer joins or falls behind (the last picture is re-encoded on a static screen), on a signal, size or settings change (the
/// encoder is drained or recreated), and after a pause longer than <see cref="H264Options.IdleKeyFrameMilliseconds"/>.
/// </summary>
public sealed partial class H264Broadcaster : IRawFrameSink, IHostedService, IDisposable
{
    private readonly VideoStreamer _streamer;
    private readonly H264Options _options;
    private readonly TimeProvider _time;
    private readonly ILogger<H264Broadcaster> _logger;
    private readonly Func<VideoEncoderSettings, IVideoEncoder> _factory;
    /// <summary>How long a stop waits for the encoder thread.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<H264Subscription> _subscribers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<H264Unit> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameRateCounter _rate;
    private Thread? _thread;

    // Guarded by _gate.
    private (RawVideoFrame Frame, VideoSignalState State, long Serial, CaptureBufferLease? Lease)? _pending;
    private RawVideoFrame? _lastRaw;
    private VideoSignalState _lastRawState;
    private long _rawSerial;
    private bool _keyRequested;
    private bool _busy;
    private H264Unit? _newest;
    private H264Unit? _latestKey;
    private long _sequence;
    private int _bitrate;
    private int _gop;

    /// <summary>Initializes a new instance of the <see cref="H264Broadcaster"/> class and attaches it to the streamer.</summary>
    /// <param name="streamer">The video pipeline whose pictures are encoded.</param>
    /// <param name="options">Settings.</param>
    /// <param name="timeProvider">Clock for the idle key-frame rule and the rate counter.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="factory">Creates an encoder for settings (null = <see cref="H264EncoderFactory"/>).</param>
    public H264Broadcaster(
        VideoStreamer streamer, IOptions<H264Options> options, TimeProvider timeProvider, ILogger<H264Broadcaster> logger, Func<VideoEncoderSettings, IVideoEncoder>? factory = null)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        ArgumentNullException.ThrowIfNull(options);
        _streamer = streamer;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _factory = factory ?? (settings => H264EncoderFactory.Create(_options, settings, logger));
        _bitrate = _options.BitrateKbps;
        _gop = _options.Gop;
        _rate = new FrameRateCounter(timeProvider);
        Available = _options.Enabled && (factory is not null || H264EncoderFactory.IsAvailable(_options));
        streamer.AttachRawSink(this);
    }

    /// <summary>Gets a value indicating whether H.264 can be streamed (enabled, and an encoder exists).</summary>
    public bool Available { get; }

    /// <summary>Gets the number of H.264 viewers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    internal int MaxLag => Math.Max(1, _options.MaxLagFrames);

    /// <summary>Adds an H.264 viewer: it also holds a viewer lease on the streamer, so capture runs. Its first unit is a key frame.</summary>
    /// <param name="name">A label for the state API.</param>
    /// <returns>The subscription (dispose it when the client goes away).</returns>
    /// <exception cref="InvalidOperationException">H.264 is not available.</exception>
    public H264Subscription Subscribe(string name)
    {
        if (!Available)
        {
            throw new InvalidOperationException("H.264 is not available (disabled, or neither a V4L2 encoder nor libopenh264-7 was found)");
        }

        EnsureThread();
        var subscription = new H264Subscription(this, _streamer.AddViewer(name, jpeg: false));
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Asks for the next coded frame to be a key frame (re-encoding the last picture if no new one comes).</summary>
    public void RequestKeyFrame()
    {
        lock (_gate)
        {
            _keyRequested = true;
        }

        Wake();
    }

    /// <inheritdoc/>
    public H264State GetState() => new(
        Available, _encoderName, BitrateKbps, Gop, _rate.PerSecond, SubscriberCount,
        Interlocked.Read(ref _units), Interlocked.Read(ref _keyUnits), Interlocked.Read(ref _bytes), Volatile.Read(ref _lastEncodeMs))
    {
        EncodersCreated = Interlocked.Read(ref _encodersCreated),
        RateChanges = Interlocked.Read(ref _rateChanges),
        DmabufFrames = Interlocked.Read(ref _dmabufFrames),
        CopiedFrames = Interlocked.Read(ref _copiedFrames),
        DmabufFallback = Volatile.Read(ref _dmabufFallback),
        Error = ReadError(),
    };

    /// <inheritdoc/>
    public void OnRawFrame(RawVideoFrame frame, VideoSignalState state)
    {
        ArgumentNullException.ThrowIfNull(frame);
        (RawVideoFrame Frame, VideoSignalState State, long Serial, CaptureBufferLease? Lease)? replaced;
        RawVideoFrame? previous;
        bool watched;
        lock (_gate)
        {
            previous = _lastRaw;
            _lastRaw = frame.Retain();
            _lastRawState = state;
            long serial = ++_rawSerial;
            watched = _subscribers.Count > 0;
            replaced = _pending;
            _pending = watched ? (frame.Retain(), state, serial, frame.TakeCaptureBuffer()) : null; // the encoder may read it in place
        }

        previous?.Dispose();
        replaced?.Frame.Dispose();
        replaced?.Lease?.Dispose(); // a newer picture replaced it before the encoder got to it: back to the driver
        if (watched)
        {
            Wake();
        }
    }

    /// <summary>
    /// The task for the unit after <paramref name="last"/> (or the next one published from now on), and the task of the next failure,
    /// both taken under one lock: a failure between two separate reads would complete a failure task the viewer never sees, and it
    /// would wait for a unit that does not come.
    /// </summary>
    internal (Task<H264Unit> Next, Task<string> Failure) NextAfter(H264Unit? last)
    {
        lock (_gate)
        {
            return (last?.Next ?? _newest?.Next ?? _first.Task, _failure.Task);
        }
    }

    /// <summary>
    /// For a joining viewer: the newest unit when it is a key frame of the current picture; else a key frame is requested and the
    /// task for the next unit is returned (taken under the same lock, so the forced key frame cannot slip past), with the task of
    /// the next failure (the same lock: a failure right after the join reaches this viewer).
    /// </summary>
    internal (H264Unit? Current, Task<H264Unit> Next, Task<string> Failure) Join()
    {
        lock (_gate)
        {
            if (_error is not null)
            {
                // H.264 failed before: this viewer makes the encoder try again, and hears how that went.
                _keyRequested = true;
                Wake();
                return (null, _newest?.Next ?? _first.Task, _failure.Task);
            }

            if (_newest is { KeyFrame: true } newest && newest.RawSerial == _rawSerial)
            {
                return (newest, newest.Next, _failure.Task);
            }

            if (_newest is null && (_pending is not null || _busy))
            {
                return (null, _first.Task, _failure.Task); // the first unit (of a new encoder, so a key frame) is on its way
            }

            _keyRequested = true;
            var next = _newest?.Next ?? _first.Task;
            Wake();
            return (null, next, _failure.Task);
        }
    }

    /// <summary>For a viewer that got <paramref name="unit"/>: whether it is too far behind, and the key frame to jump to if one is newer.</summary>
    internal bool IsLagging(H264Unit unit, out H264Unit? jumpTo, out H264Unit? newest)
    {
        lock (_gate)
        {
            newest = _newest;
            jumpTo = null;
            if (newest is null || newest.Sequence - unit.Sequence <= MaxLag)
            {
                return false;
            }

            if (_latestKey is { } key && key.Sequence > unit.Sequence)
            {
                jumpTo = key;
            }

            return true;
        }
    }

    internal void Remove(H264Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private void EnsureThread()
    {
        lock (_gate)
        {
            if (_thread is not null)
            {
                return;
            }

            CancellationToken token = _stopping.Token;
            _thread = new Thread(() => Run(token)) { IsBackground = true, Name = "video-h264" };
            _thread.Start();
        }
    }
}
