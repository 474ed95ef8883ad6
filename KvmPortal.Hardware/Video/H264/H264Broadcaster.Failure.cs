namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// A lasting encoder failure (the encode and the retry with a new encoder both failed) is made visible: <see cref="H264State.Error"/>
/// says why, and every viewer waiting for a unit at that moment gets an <see cref="H264EncoderFailedException"/> (the frame socket
/// then tells the browser and sends MJPEG); a later wait is for the next unit or the next failure. The next picture that encodes
/// clears the error; a viewer joining while it is set makes the encoder try again (and hears how that went).
/// </summary>
public sealed partial class H264Broadcaster
{
    // Guarded by _gate; read together with the next unit's task (Join, NextAfter). Replaced by a fresh one at each failure.
    private TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _error;

    private void Fail(string reason)
    {
        TaskCompletionSource<string> failure;
        lock (_gate)
        {
            _error = reason;
            failure = _failure;
            _failure = new(TaskCreationOptions.RunContinuationsAsynchronously); // later waits are for the next attempt
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
        }

        LogRecovered();
    }

    private string? ReadError()
    {
        lock (_gate)
        {
            return _error;
        }
    }
}
