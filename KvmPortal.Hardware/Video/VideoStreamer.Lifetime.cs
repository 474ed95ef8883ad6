namespace KvmPortal.Hardware.Video;

// Start and stop: the capture and encoder threads; a stop never waits on consumers.
public sealed partial class VideoStreamer
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            return Task.CompletedTask;
        }

        LogStarting(_source.Name, _workerCount);
        _stopping = new CancellationTokenSource();
        CancellationToken token = _stopping.Token;
        _workerThreads = new Thread[_workerCount];
        for (int i = 0; i < _workerCount; i++)
        {
            var lane = Heartbeat.AddLane($"encode-{i}");
            _workerThreads[i] = new Thread(() => WorkerLoop(lane, token)) { IsBackground = true, Name = $"video-encode-{i}" };
            _workerThreads[i].Start();
        }

        _captureThread = new Thread(() => CaptureLoop(token)) { IsBackground = true, Name = "video-capture" };
        _captureThread.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Prompt whatever is attached: the loops are cancelled, every consumer still waiting for a frame or snapshot gets an
    /// <see cref="OperationCanceledException"/> (nothing waits on them), and the threads get <see cref="StopWait"/> to end. A token that
    /// is already cancelled (the host's shutdown time used up by others) still stops the loops and never makes this throw.
    /// </remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        if (!_stopping.IsCancellationRequested) // a second stop (or one after Dispose) only waits
        {
            await _stopping.CancelAsync();
        }

        CancelWaiters();
        Task joined = Task.Run(() => Array.ForEach(Threads(), t => t.Join()), CancellationToken.None);
        await joined.WaitAsync(StopWait, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!joined.IsCompleted)
        {
            LogStopSlow(StopWait.TotalSeconds);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        bool ended = true;
        if (_stopping is not null)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
                CancelWaiters();
            }

            ended = Array.TrueForAll(Threads(), t => t.Join(StopWait));
        }

        _stopping?.Dispose();
        lock (_gate)
        {
            _pending?.Frame.Dispose();
            _pending = null;
        }

        if (!ended)
        {
            return; // a thread still runs (a capture that ignores cancellation): it may still use the buffers and signals below
        }

        _lastSubmitted?.Dispose();
        _lastSubmitted = null;
        _placeholderEncoder?.Dispose();
        _wake.Dispose();
        _pendingSignal.Dispose();
    }

    private Thread[] Threads() => [.. _workerThreads, .. _captureThread is null ? Array.Empty<Thread>() : [_captureThread]];

    /// <summary>After the stop: everyone waiting for a frame or a snapshot gets a cancellation; later waits fail at once.</summary>
    private void CancelWaiters()
    {
        TaskCompletionSource<JpegFrame> next;
        TaskCompletionSource progress;
        lock (_gate)
        {
            _stopped = true;
            next = _next;
            progress = _progress;
        }

        next.TrySetCanceled();
        progress.TrySetCanceled();
    }
}
