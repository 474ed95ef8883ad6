namespace KvmPortal.Hardware.Video;

public sealed partial class VideoStreamer
{
    // Capture-thread state (written by the capture thread; read loosely by GetState).
    private VideoSignalState _state = VideoSignalState.NoSignal;
    private bool _capturing;
    private int _width;
    private int _height;
    private VideoPixelFormat? _format;
    private RawVideoFrame? _lastSubmitted;
    private long _captureNumber;
    private DateTimeOffset _lastAccepted = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPlaceholder = DateTimeOffset.MinValue;
    private JpegEncoder? _placeholderEncoder;
    private (VideoSignalState State, int Width, int Height, byte[] Jpeg)? _placeholder;

    private long _framesCaptured;
    private long _unchanged;
    private long _unwatched;

    private void CaptureLoop(CancellationToken cancellationToken)
    {
        var retry = TimeSpan.FromMilliseconds(Math.Max(10, _options.RetryMilliseconds));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!ShouldCapture())
                {
                    if (_capturing)
                    {
                        _source.Stop();
                        _capturing = false;
                        LogIdleStop(_options.IdleStopSeconds);
                    }

                    _wake.Wait(cancellationToken);
                    continue;
                }

                VideoCaptureResult result;
                _captureLane.Enter();
                try
                {
                    result = _source.Capture(Volatile.Read(ref _request), cancellationToken);
                }
                finally
                {
                    _captureLane.Exit();
                }

                _capturing = true;
                if (result.Frame is { } frame)
                {
                    HandleFrame(frame);
                }
                else
                {
                    HandleState(result.State);
                    Sleep(retry, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogCaptureError(ex);
                HandleState(VideoSignalState.NoDevice);
                Sleep(retry, cancellationToken);
            }
        }

        if (_capturing)
        {
            _source.Stop();
            _capturing = false;
        }
    }

    private bool ShouldCapture()
    {
        if (_options.IdleStopSeconds < 0)
        {
            return true;
        }

        lock (_gate)
        {
            return _viewers.Count > 0 || _time.GetUtcNow() - _lastViewerLeft < TimeSpan.FromSeconds(_options.IdleStopSeconds);
        }
    }

    private void HandleFrame(RawVideoFrame frame)
    {
        try
        {
            HandleFrameCore(frame);
        }
        finally
        {
            frame.ReleaseCaptureBuffer(); // the capture buffer goes back to the driver unless the H.264 broadcaster took it
        }
    }

    private void HandleFrameCore(RawVideoFrame frame)
    {
        using (frame)
        {
            Interlocked.Increment(ref _framesCaptured);
            _capturedRate.Tick();
            SetState(VideoSignalState.Online);
            if (frame.Width != _width || frame.Height != _height || frame.Format != _format)
            {
                _width = frame.Width;
                _height = frame.Height;
                _format = frame.Format;
                LogGeometry(frame.Width, frame.Height, frame.Format);
            }

            if (ViewerCount == 0)
            {
                Interlocked.Increment(ref _unwatched);
                return;
            }

            if (!_force && _lastSubmitted is not null && frame.SamePictureAs(_lastSubmitted))
            {
                Interlocked.Increment(ref _unchanged);
                SignalProgress();
                return;
            }

            // Paced by the clock, not by the frame's capture time: a source hands out its cached frame (old timestamp) while the
            // picture stays the same, and a forced re-encode of that frame must not look "too soon" forever.
            int fps = DesiredFps;
            DateTimeOffset now = _time.GetUtcNow();
            if (fps > 0 && _lastAccepted != DateTimeOffset.MinValue && now - _lastAccepted < TimeSpan.FromSeconds(0.9 / fps))
            {
                return; // too soon; a later frame that still differs from the last encoded one will be taken
            }

            _force = false;
            _lastAccepted = now;
            _lastSubmitted?.Dispose();
            _lastSubmitted = frame.Retain();
            _rawSink?.OnRawFrame(frame, VideoSignalState.Online);
            if (!WantsJpeg())
            {
                return; // only H.264 viewers: no JPEG encode
            }

            Submit(new EncodeJob(frame.Retain(), ++_captureNumber, JpegQuality));
        }
    }

    private void HandleState(VideoSignalState state)
    {
        DateTimeOffset now = _time.GetUtcNow();
        bool changed = SetState(state);
        if (!changed && (ViewerCount == 0 || now - _lastPlaceholder < PlaceholderRepeat))
        {
            return;
        }

        _lastPlaceholder = now;
        int width = _width > 0 ? _width : 1280;
        int height = _height > 0 ? _height : 720;
        if (_placeholder is not { } cached || cached.State != state || cached.Width != width || cached.Height != height)
        {
            byte[] rgb = PlaceholderRenderer.Render(width, height, [PlaceholderRenderer.TextFor(state), _source.Name]);
            _placeholderEncoder ??= new JpegEncoder();
            cached = (state, width, height, _placeholderEncoder.EncodeToArray(rgb, VideoPixelFormat.Rgb24, width, height, 0, 80));
            _placeholder = cached;
            using var raw = RawVideoFrame.Wrap(rgb, VideoPixelFormat.Rgb24, width, height, width * 3, now);
            _rawSink?.OnRawFrame(raw, state); // once per state and size: H.264 viewers get the placeholder as a key frame, no repeats
        }

        long captureNumber = ++_captureNumber;
        lock (_gate)
        {
            _lastPublishedCapture = captureNumber; // any encode still in flight is older: drop it
        }

        byte[] jpeg = cached.Jpeg;
        Publish(sequence => new JpegFrame(jpeg, width, height, now, now, sequence, state));
    }

    /// <summary>Whether any viewer reads JPEG frames; if none, marks the newest JPEG stale (a JPEG viewer joining forces an encode).</summary>
    private bool WantsJpeg()
    {
        lock (_gate)
        {
            if (_viewers.Any(v => v.WantsJpeg))
            {
                return true;
            }

            _jpegStale = true;
            return false;
        }
    }

    private bool SetState(VideoSignalState state)
    {
        VideoSignalState old = _state;
        if (old == state)
        {
            return false;
        }

        _state = state;
        _force = true;
        LogStateChanged(old, state);
        return true;
    }
}
