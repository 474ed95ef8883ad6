namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// One H.264 viewer. <see cref="NextAsync"/> walks the broadcaster's chain of units: the first unit is always a key frame; a
/// viewer more than <see cref="H264Options.MaxLagFrames"/> behind skips to a newer key frame (forcing one if needed) instead of
/// working through a backlog. Not thread-safe (one sender per viewer).
/// </summary>
public sealed class H264Subscription : IDisposable
{
    private readonly H264Broadcaster _owner;
    private readonly VideoViewer _lease;
    private H264Unit? _last;
    private bool _needKey = true;
    private int _disposed;

    internal H264Subscription(H264Broadcaster owner, VideoViewer lease)
    {
        _owner = owner;
        _lease = lease;
    }

    /// <summary>Gets the streamer's viewer lease (for the per-client counters).</summary>
    public VideoViewer Viewer => _lease;

    /// <summary>Gets how many times this viewer fell behind and skipped to a key frame.</summary>
    public long Skips { get; private set; }

    /// <summary>Returns the next unit to send (the first one, and the first after a skip, are key frames).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="H264EncoderFailedException">The encoder failed, and so did a new one (the message says why): use MJPEG.</exception>
    public async ValueTask<H264Unit> NextAsync(CancellationToken cancellationToken)
    {
        (Task<H264Unit> Next, Task<string> Failure)? joined = null;
        if (_last is null)
        {
            // Nothing received yet (first wait, or the waits before ended in a failure or were cancelled): join, so the current
            // picture's key frame is delivered even when it was published before this wait began.
            var (current, next, failure) = _owner.Join();
            if (current is not null)
            {
                return Deliver(current);
            }

            joined = (next, failure);
        }

        while (true)
        {
            var (next, failure) = joined ?? _owner.NextAfter(_last);
            joined = null;
            H264Unit unit = await NextOrFailureAsync(next, failure, cancellationToken);
            _last = unit;
            if (_needKey)
            {
                if (unit.KeyFrame)
                {
                    return Deliver(unit);
                }

                continue;
            }

            if (!_owner.IsLagging(unit, out H264Unit? jumpTo, out H264Unit? newest))
            {
                return Deliver(unit);
            }

            Skips++;
            if (jumpTo is not null)
            {
                return Deliver(jumpTo);
            }

            _needKey = true;
            _last = newest;
            _owner.RequestKeyFrame();
        }
    }

    /// <summary>The unit, or an <see cref="H264EncoderFailedException"/> when the encoder fails for good while this viewer waits.</summary>
    private static async Task<H264Unit> NextOrFailureAsync(Task<H264Unit> next, Task<string> failure, CancellationToken cancellationToken)
    {
        if (!next.IsCompleted)
        {
            _ = await Task.WhenAny(next, failure).WaitAsync(cancellationToken);
        }

        if (next.IsCompleted)
        {
            return await next;
        }

        throw new H264EncoderFailedException("H.264 encoder failed: " + await failure);
    }

    /// <summary>Asks for a key frame (a client whose decoder lost its state); the next one is delivered like to a new viewer.</summary>
    public void RequestKeyFrame()
    {
        _needKey = true;
        _owner.RequestKeyFrame();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Remove(this);
            _lease.Dispose();
        }
    }

    private H264Unit Deliver(H264Unit unit)
    {
        _last = unit;
        _needKey = false;
        _lease.MarkDelivered(unit.Sequence);
        return unit;
    }
}
