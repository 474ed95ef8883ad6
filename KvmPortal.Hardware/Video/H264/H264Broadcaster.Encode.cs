using KvmPortal.Hardware.Video.Encoders;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>The encoder thread: take the newest picture, decide whether it must be a key frame, encode, publish.</summary>
public sealed partial class H264Broadcaster
{
    // Encoder thread only (the figures are read loosely by GetState).
    private IVideoEncoder? _encoder;
    private string? _encoderName;
    private (int Bitrate, int Gop, int Fps, uint? Dmabuf)? _encoderSettings;
    private VideoSignalState? _encodedState;
    private long _lastEncode = long.MinValue;
    private long _units;
    private long _keyUnits;
    private long _bytes;
    private double _lastEncodeMs;
    private long _encodersCreated;
    private long _rateChanges;

    private void Run(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                _wake.Wait(cancellationToken);
                while (TryTake(out var job))
                {
                    try
                    {
                        Encode(job.Frame, job.State, job.Serial, job.Force, job.Lease, cancellationToken);
                    }
                    finally
                    {
                        job.Frame.Dispose();
                        KeepOrRelease(job.Lease, job.Serial);
                        lock (_gate)
                        {
                            _busy = false;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _encoder?.Dispose();
            _encoder = null;
            ReleaseHeldLease();
        }
    }

    private bool TryTake(out (RawVideoFrame Frame, VideoSignalState State, long Serial, bool Force, CaptureBufferLease? Lease) job)
    {
        lock (_gate)
        {
            job = default;
            if (_subscribers.Count == 0)
            {
                _pending?.Frame.Dispose();
                _pending?.Lease?.Dispose();
                _pending = null;
                ReleaseHeldLease(); // nobody watches: the capture buffer goes back to the driver
                return false;
            }

            if (_pending is { } pending)
            {
                _pending = null;
                job = (pending.Frame, pending.State, pending.Serial, _keyRequested, pending.Lease);
                _keyRequested = false;
                _busy = true;
                return true;
            }

            if (_keyRequested && _lastRaw is not null)
            {
                job = (_lastRaw.Retain(), _lastRawState, _rawSerial, true, null); // the held capture buffer, if it shows this picture
                _keyRequested = false;
                _busy = true;
                return true;
            }

            return false;
        }
    }

    private void Encode(RawVideoFrame frame, VideoSignalState state, long serial, bool force, CaptureBufferLease? lease, CancellationToken cancellationToken)
    {
        if (frame.Width < 16 || frame.Height < 16 || frame.Width % 2 != 0 || frame.Height % 2 != 0)
        {
            LogOddSize(frame.Width, frame.Height);
            return;
        }

        lease ??= HeldLeaseFor(serial);
        if (TryEncode(frame, state, serial, force, lease, cancellationToken, out string? error))
        {
            return;
        }

        // One more time with a fresh encoder opened at this picture's size (the factory falls back to openh264 when the hardware
        // refuses it, e.g. a size below its minimum; a refused dmabuf import falls back to a copy): the picture is not lost, so a
        // viewer on a static screen is not left waiting.
        LogRetryWithNewEncoder(frame.Width, frame.Height);
        if (!TryEncode(frame, state, serial, force: true, lease, cancellationToken, out error))
        {
            Fail(error ?? "the H.264 encoder failed");
        }
    }

    /// <summary>Encodes and publishes one picture; false (encoder disposed, logged, <paramref name="error"/> set) when the encoder failed.</summary>
    private bool TryEncode(
        RawVideoFrame frame, VideoSignalState state, long serial, bool force, CaptureBufferLease? lease, CancellationToken cancellationToken, out string? error)
    {
        error = null;
        int fps = _streamer.DesiredFps is > 0 and var f ? Math.Min(f, 120) : 30;
        (int bitrate, int gop) = ReadRate();
        uint? dmabuf = DmabufInputFor(lease);
        var wanted = (bitrate, gop, fps, dmabuf);
        long now = _time.GetTimestamp();
        bool idle = _lastEncode != long.MinValue && _time.GetElapsedTime(_lastEncode, now) > TimeSpan.FromMilliseconds(_options.IdleKeyFrameMilliseconds);
        string? reason = force ? "requested" : idle ? "idle" : null;
        try
        {
            if (_encoder is not null && _encoderSettings is { } current && current != wanted && (current.Fps, current.Dmabuf) == (fps, dmabuf) && ChangeRate(bitrate, gop))
            {
                _encoderSettings = wanted;
                reason = "settings change";
            }

            if (_encoder is null || _encoderSettings != wanted)
            {
                _encoder?.Dispose();
                _encoder = null;
                var settings = new VideoEncoderSettings
                {
                    Width = frame.Width, Height = frame.Height, BitrateKbps = wanted.bitrate, Gop = wanted.gop, FramesPerSecond = fps, DmabufInputFourcc = dmabuf,
                };
                _encoder = _factory(settings);
                dmabuf = CheckDmabufEncoder(_encoder, lease, dmabuf);
                _encoderSettings = wanted with { dmabuf = dmabuf };
                _encoderName = _encoder.Name;
                Interlocked.Increment(ref _encodersCreated);
                LogEncoder(_encoder.Name, frame.Width, frame.Height, wanted.bitrate, wanted.gop);
                reason = "new encoder";
            }
            else if (_encodedState is { } old && old != state)
            {
                _ = _encoder.Drain(cancellationToken); // frames of the old signal: dropped, the new one starts with a key frame
                reason = "signal change";
            }
            else if (_encoder.Settings.Width != frame.Width || _encoder.Settings.Height != frame.Height)
            {
                reason = "resolution change"; // the encoder drains and restarts itself at the new size
            }

            _encodedState = state;
            long started = _time.GetTimestamp();
            EncodedVideoFrame? coded = dmabuf is not null
                ? EncodeDmabuf(lease!, frame.CaptureTimestamp, reason is not null, cancellationToken)
                : EncodeCopy(frame, reason is not null, cancellationToken);
            Volatile.Write(ref _lastEncodeMs, _time.GetElapsedTime(started).TotalMilliseconds);
            _lastEncode = now;
            if (coded is null)
            {
                if (reason is not null)
                {
                    RequestAgain();
                }

                return true;
            }

            bool key = coded.KeyFrame || CodedFrameInspector.IsKeyFrame(coded.Codec, coded.Data.Span);
            if (reason is not null && !key)
            {
                LogKeyFrameMissing(reason);
            }

            ClearFailure(); // before the viewers see the unit
            Publish(coded, key, serial, frame.CaptureTimestamp, state);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            if (dmabuf is not null)
            {
                RefuseDmabuf(lease!, ex.Message, fromFailure: true); // the retry copies the picture
            }
            else
            {
                CopyFailedToo(lease);
            }

            error = ex.Message;
            LogEncodeError(ex);
            _encoder?.Dispose();
            _encoder = null; // recreated (at the picture's size) by the retry or the next frame, and that starts with a key frame
            _encodedState = null;
            return false;
        }
    }

    /// <summary>Bitrate and GOP on the running encoder; false (then it is recreated) when the backend cannot or failed to.</summary>
    private bool ChangeRate(int bitrate, int gop)
    {
        try
        {
            if (!_encoder!.TryChangeRate(bitrate, gop))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is V4l2Exception or InvalidOperationException or ArgumentException)
        {
            LogRateChangeFailed(ex);
            return false;
        }

        Interlocked.Increment(ref _rateChanges);
        LogRateChanged(_encoderName ?? "encoder", bitrate, gop);
        return true;
    }

    private void RequestAgain()
    {
        lock (_gate)
        {
            _keyRequested = true;
        }
    }

    private void Publish(EncodedVideoFrame coded, bool key, long serial, DateTimeOffset captured, VideoSignalState state)
    {
        H264Unit? previous;
        H264Unit unit;
        lock (_gate)
        {
            unit = new H264Unit(coded.Data, key, coded.Width, coded.Height, ++_sequence, serial, captured, state);
            previous = _newest;
            _newest = unit;
            if (key)
            {
                _latestKey = unit;
            }
        }

        Interlocked.Increment(ref _units);
        Interlocked.Add(ref _bytes, unit.Data.Length);
        if (key)
        {
            Interlocked.Increment(ref _keyUnits);
        }

        _rate.Tick();
        if (previous is null)
        {
            _first.TrySetResult(unit);
        }
        else
        {
            previous.Link(unit);
        }
    }
}
