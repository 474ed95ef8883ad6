using KvmPortal.Hardware.Health;

namespace KvmPortal.Hardware.Video;

public sealed partial class VideoStreamer
{
    // Guarded by _gate.
    private EncodeJob? _pending;
    private int _inFlight;
    private long _lastPublishedCapture;
    private double _approxJobSeconds;
    private long _nextGrabTimestamp;

    private long _encodes;
    private long _droppedLate;

    /// <summary>Puts a job in the single pending slot, replacing (and releasing) an older one that no worker took yet.</summary>
    private void Submit(EncodeJob job)
    {
        EncodeJob? replaced;
        lock (_gate)
        {
            replaced = _pending;
            _pending = job;
            if (replaced is null)
            {
                _inFlight++;
            }
        }

        replaced?.Frame.Dispose();
        if (_pendingSignal.CurrentCount == 0)
        {
            _pendingSignal.Release();
        }
    }

    private void WorkerLoop(HeartbeatLane lane, CancellationToken cancellationToken)
    {
        using IFrameEncoder encoder = _encoderFactory();
        while (!cancellationToken.IsCancellationRequested)
        {
            EncodeJob job;
            try
            {
                job = TakeJob(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            long started = _time.GetTimestamp();
            byte[]? jpeg = null;
            try
            {
                lane.Enter();
                jpeg = encoder.Encode(job.Frame, job.Quality);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogEncodeError(ex);
            }
            finally
            {
                lane.Exit();
                job.Frame.Dispose();
            }

            double seconds = _time.GetElapsedTime(started).TotalSeconds;
            Finish(job, jpeg, seconds);
        }
    }

    /// <summary>Takes the pending job, honouring the stagger: after a grab, the next grab waits approx_job_time / workers.</summary>
    private EncodeJob TakeJob(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan wait = TimeSpan.Zero;
            lock (_gate)
            {
                if (_pending is { } job)
                {
                    long now = _time.GetTimestamp();
                    if (now >= _nextGrabTimestamp)
                    {
                        _pending = null;
                        _nextGrabTimestamp = now + (long)(_approxJobSeconds / _workerCount * _time.TimestampFrequency);
                        return job;
                    }

                    wait = _time.GetElapsedTime(now, _nextGrabTimestamp);
                }
            }

            if (wait > TimeSpan.Zero)
            {
                Sleep(wait, cancellationToken);
            }
            else
            {
                _pendingSignal.Wait(cancellationToken);
            }
        }
    }

    private void Finish(EncodeJob job, byte[]? jpeg, double seconds)
    {
        bool publish;
        lock (_gate)
        {
            _inFlight--;
            _approxJobSeconds = _approxJobSeconds == 0 ? seconds : (0.9 * _approxJobSeconds) + (0.1 * seconds);
            publish = jpeg is not null && job.CaptureNumber > _lastPublishedCapture;
            if (publish)
            {
                _lastPublishedCapture = job.CaptureNumber;
            }
            else if (jpeg is not null)
            {
                _droppedLate++;
            }
        }

        if (jpeg is null)
        {
            return;
        }

        Interlocked.Increment(ref _encodes);
        _encodedRate.Tick();
        if (publish)
        {
            DateTimeOffset encoded = _time.GetUtcNow();
            Publish(sequence => new JpegFrame(jpeg, job.Width, job.Height, job.CaptureTimestamp, encoded, sequence, VideoSignalState.Online));
        }
    }

    private sealed class EncodeJob(RawVideoFrame frame, long captureNumber, int quality)
    {
        public RawVideoFrame Frame { get; } = frame;

        public long CaptureNumber { get; } = captureNumber;

        public int Quality { get; } = quality;

        public int Width { get; } = frame.Width;

        public int Height { get; } = frame.Height;

        public DateTimeOffset CaptureTimestamp { get; } = frame.CaptureTimestamp;
    }
}
