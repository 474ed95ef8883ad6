namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// A lasting encoder failure (the encode and the retry with a new encoder both failed) is made visible: <see cref="H264State.Error"/>
/// says why, and every viewer waiting for a unit gets an <see cref="H264EncoderFailedException"/> (the frame socket then tells the
/// browser and sends MJPEG). The next picture that encodes clears it; a joining viewer makes the encoder try again.
/// </summary>
public sealed partial class H264Broadcaster
{
    // Guarded by _gate.
    private TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _error;

    /// <summary>Gets the task that completes with the reason when encoding fails for good (a fresh one after a recovery or a retry).</summary>
    internal Task<string> Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure.Task;
            }
        }
    }

    private void Fail(string reason)
    {
        TaskCompletionSource<string> failure;
        lock (_gate)
        {
            _error = reason;
            failure = _failure;
        }

        LogFailed(reason);
        failure.TrySetResult(reason);
    }

    private void ClearFailure()
    {
        lock (_gate)
        {
            if (_error is null)
            {
                return;
            }

            _error = null;
            if (_failure.Task.IsCompleted)
            {
                _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        LogRecovered();
    }

    /// <summary>Under the lock, for a joining viewer after a failure: a fresh failure task, so it waits for this new attempt.</summary>
    private void RearmFailure()
    {
        if (_failure.Task.IsCompleted)
        {
            _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private string? ReadError()
    {
        lock (_gate)
        {
            return _error;
        }
    }
}
