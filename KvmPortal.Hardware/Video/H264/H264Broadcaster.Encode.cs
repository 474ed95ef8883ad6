using KvmPortal.Hardware.Video.Encoders;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>The encoder thread: take the newest picture, decide whether it must be a key frame, encode, publish.</summary>
public sealed partial class H264Broadcaster
{
    // Encoder thread only (the figures are read loosely by GetState).
    private IVideoEncoder? _encoder;
    private string? _encoderName;
    private (int Bitrate, int Gop, int Fps)? _encoderSettings;
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
                        Encode(job.Frame, job.State, job.Serial, job.Force, cancellationToken);
                    }
                    finally
                    {
                        job.Frame.Dispose();
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
        }
    }

    private bool TryTake(out (RawVideoFrame Frame, VideoSignalState State, long Serial, bool Force) job)
    {
        lock (_gate)
        {
            job = default;
            if (_subscribers.Count == 0)
            {
                _pending?.Frame.Dispose();
                _pending = null;
                return false;
            }

            if (_pending is { } pending)
            {
                _pending = null;
                job = (pending.Frame, pending.State, pending.Serial, _keyRequested);
                _keyRequested = false;
                _busy = true;
                return true;
            }

            if (_keyRequested && _lastRaw is not null)
            {
                job = (_lastRaw.Retain(), _lastRawState, _rawSerial, true);
                _keyRequested = false;
                _busy = true;
                return true;
            }

            return false;
        }
    }

    private void Encode(RawVideoFrame frame, VideoSignalState state, long serial, bool force, CancellationToken cancellationToken)
    {
        if (frame.Width < 16 || frame.Height < 16 || frame.Width % 2 != 0 || frame.Height % 2 != 0)
        {
            LogOddSize(frame.Width, frame.Height);
            return;
        }

        if (!TryEncode(frame, state, serial, force, cancellationToken))
        {
            // One more time with a fresh encoder opened at this picture's size (the factory falls back to openh264 when the hardware
            // refuses it, e.g. a size below its minimum): the picture is not lost, so a viewer on a static screen is not left waiting.
            LogRetryWithNewEncoder(frame.Width, frame.Height);
            _ = TryEncode(frame, state, serial, force: true, cancellationToken);
        }
    }

    /// <summary>Encodes and publishes one picture; false (encoder disposed, logged) when the encoder failed.</summary>
    private bool TryEncode(RawVideoFrame frame, VideoSignalState state, long serial, bool force, CancellationToken cancellationToken)
    {
        int fps = _streamer.DesiredFps is > 0 and var f ? Math.Min(f, 120) : 30;
        (int bitrate, int gop) = ReadRate();
        var wanted = (bitrate, gop, fps);
        long now = _time.GetTimestamp();
        bool idle = _lastEncode != long.MinValue && _time.GetElapsedTime(_lastEncode, now) > TimeSpan.FromMilliseconds(_options.IdleKeyFrameMilliseconds);
        string? reason = force ? "requested" : idle ? "idle" : null;
        try
        {
            if (_encoder is not null && _encoderSettings is { } current && current != wanted && current.Fps == fps && ChangeRate(bitrate, gop))
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
                    Width = frame.Width, Height = frame.Height, BitrateKbps = wanted.bitrate, Gop = wanted.gop, FramesPerSecond = fps,
                };
                _encoder = _factory(settings);
                _encoderSettings = wanted;
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
            EncodedVideoFrame? coded = _encoder.Encode(frame, reason is not null, cancellationToken);
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

            Publish(coded, key, serial, frame.CaptureTimestamp, state);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
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
