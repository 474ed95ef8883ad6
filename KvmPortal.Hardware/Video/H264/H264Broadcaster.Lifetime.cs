namespace KvmPortal.Hardware.Video.H264;

// Start and stop: the encoder thread; a stop never waits on viewers.
public sealed partial class H264Broadcaster
{
    /// <inheritdoc/>
    /// <remarks>Nothing to start: the encoder thread starts with the first H.264 viewer. Being a hosted service attaches it to the streamer at start.</remarks>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>
    /// Prompt whatever is attached: the encoder thread is cancelled, every viewer waiting for a unit gets an
    /// <see cref="OperationCanceledException"/>, and the thread gets <see cref="StopWait"/> to end (an encode in progress finishes
    /// first). An already-cancelled token still stops the thread and never makes this throw.
    /// </remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested) // a second stop (or one after Dispose) only waits
        {
            await _stopping.CancelAsync();
        }

        CancelWaiters();
        Thread? thread;
        lock (_gate)
        {
            thread = _thread;
        }

        if (thread is not null)
        {
            Task joined = Task.Run(thread.Join, CancellationToken.None);
            await joined.WaitAsync(StopWait, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!joined.IsCompleted)
            {
                LogStopSlow(StopWait.TotalSeconds);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        bool ended = true;
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        CancelWaiters();
        if (_thread is { } thread)
        {
            ended = thread.Join(StopWait);
        }

        lock (_gate)
        {
            _pending?.Frame.Dispose();
            _pending?.Lease?.Dispose();
            _pending = null;
            _lastRaw?.Dispose();
            _lastRaw = null;
        }

        _stopping.Dispose();
        if (ended)
        {
            _wake.Dispose(); // else the thread (an encode that ignores cancellation) may still wait on it
        }
    }

    /// <summary>Every viewer waiting for the next unit (or the first) gets a cancellation.</summary>
    private void CancelWaiters()
    {
        H264Unit? newest;
        lock (_gate)
        {
            newest = _newest;
        }

        newest?.Cancel();
        _first.TrySetCanceled();
    }
}
