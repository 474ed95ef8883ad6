namespace KvmPortal.Hardware.Video;

public sealed partial class VideoStreamer
{
    /// <summary>Publishes a frame as the newest and wakes every waiting consumer.</summary>
    private void Publish(Func<long, JpegFrame> create)
    {
        TaskCompletionSource<JpegFrame> completed;
        TaskCompletionSource progress;
        JpegFrame frame;
        lock (_gate)
        {
            frame = create(++_sequence);
            _latest = frame;
            _jpegStale = false;
            completed = _next;
            _next = NewFrameSource();
            progress = _progress;
            _progress = NewProgressSource();
        }

        completed.TrySetResult(frame);
        progress.TrySetResult();
    }

    private void SignalProgress()
    {
        TaskCompletionSource progress;
        lock (_gate)
        {
            if (_inFlight > 0 || _latest is null)
            {
                return; // an encode is coming; it will signal
            }

            progress = _progress;
            _progress = NewProgressSource();
        }

        progress.TrySetResult();
    }

    private void Sleep(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            Task.Delay(delay, _time, cancellationToken).Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
