namespace KvmPortal.Hardware.Video;

/// <summary>
/// A viewer lease: while at least one exists the streamer captures and encodes. Also the per-client counter hook
/// (a stream endpoint calls <see cref="MarkDelivered"/> after writing each frame).
/// </summary>
public sealed class VideoViewer : IDisposable
{
    private readonly Action<VideoViewer> _onDispose;
    private readonly FrameRateCounter _rate;
    private long _delivered;
    private int _disposed;

    internal VideoViewer(long id, string name, bool jpeg, TimeProvider timeProvider, Action<VideoViewer> onDispose)
    {
        Id = id;
        Name = name;
        WantsJpeg = jpeg;
        _rate = new FrameRateCounter(timeProvider);
        _onDispose = onDispose;
    }

    /// <summary>Gets the viewer number.</summary>
    public long Id { get; }

    /// <summary>Gets the label given by the consumer (e.g. "mjpeg 10.0.0.5").</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether this viewer reads the JPEG frames (false: H.264, which only needs the pictures).</summary>
    public bool WantsJpeg { get; }

    /// <summary>Gets the number of frames delivered to this viewer.</summary>
    public long FramesDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Gets the frames delivered during the last complete second.</summary>
    public int Fps => _rate.PerSecond;

    /// <summary>Gets the sequence number of the last frame delivered.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Records that a frame was written to this client.</summary>
    /// <param name="frame">The frame.</param>
    public void MarkDelivered(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        MarkDelivered(frame.Sequence);
    }

    /// <summary>Records that a frame (of any codec) was written to this client.</summary>
    /// <param name="sequence">Its publication number.</param>
    public void MarkDelivered(long sequence)
    {
        Interlocked.Increment(ref _delivered);
        LastSequence = sequence;
        _rate.Tick();
    }

    /// <summary>Ends the lease.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose(this);
        }
    }
}
