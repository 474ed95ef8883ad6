using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>The per-frame path: queue one raw frame, wait for its coded frame, and the drain.</summary>
public sealed partial class V4l2M2mEncoder
{
    private const int PollSliceMs = 100;

    /// <inheritdoc/>
    public EncodedVideoFrame? Encode(RawVideoFrame frame, bool forceKeyFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (DmabufInput)
        {
            throw new InvalidOperationException("this encoder imports dmabufs on OUTPUT: use EncodeDmabuf, or an encoder opened with Open for copied frames");
        }

        if (frame.Width != Settings.Width || frame.Height != Settings.Height || !_streaming)
        {
            _ = Restart(Settings with { Width = frame.Width, Height = frame.Height }, cancellationToken);
        }

        if (forceKeyFrame)
        {
            ForceKeyFrame(cancellationToken);
        }

        int used = M2mRawFrameWriter.Write(frame, _output, _device.Buffer(_device.OutputType, 0));
        long timestamp = NextTimestamp(frame.CaptureTimestamp);
        EnsureCaptureQueued();
        _device.Queue(_device.OutputType, 0, (uint)used, timestamp);
        return WaitForCoded(timestamp, cancellationToken);
    }

    /// <inheritdoc/>
    public IReadOnlyList<EncodedVideoFrame> Drain(CancellationToken cancellationToken) => Drain(resume: true, cancellationToken);

    private List<EncodedVideoFrame> Drain(bool resume, CancellationToken cancellationToken)
    {
        var frames = new List<EncodedVideoFrame>();
        if (!_streaming)
        {
            return frames;
        }

        EnsureCaptureQueued();
        _device.EncoderCommand(V4l2M2mNative.V4L2_ENC_CMD_STOP);
        bool last = false, eos = false;
        long deadline = Environment.TickCount64 + (long)Settings.FrameTimeout.TotalMilliseconds;
        while (!last || !eos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                if (last)
                {
                    break; // a driver that sends no EOS event: the LAST buffer ends the drain (dev-encoder.rst allows either signal)
                }

                throw new V4l2Exception($"{_device.Path}: no LAST buffer within {Settings.FrameTimeout.TotalMilliseconds:F0} ms of V4L2_ENC_CMD_STOP");
            }

            short revents = _device.Poll(Libc.POLLIN | Libc.POLLPRI, (int)Math.Min(remaining, PollSliceMs));
            if ((revents & Libc.POLLPRI) != 0)
            {
                eos |= _device.DequeueEvents().Contains(V4l2M2mNative.V4L2_EVENT_EOS);
            }

            if (last)
            {
                continue;
            }

            int errno = _device.TryDequeue(_device.CaptureType, out M2mDequeued coded);
            if (errno == Libc.EPIPE)
            {
                last = true; // the LAST buffer was dequeued before: nothing more will come
                continue;
            }

            if (errno == Libc.EAGAIN)
            {
                continue;
            }

            if (errno != 0)
            {
                throw new V4l2Exception("DQBUF CAPTURE (drain)", errno);
            }

            _captureQueued = false;
            last = (coded.Flags & V4l2M2mNative.V4L2_BUF_FLAG_LAST) != 0;
            if (coded.BytesUsed > 0 && (coded.Flags & V4l2M2mNative.V4L2_BUF_FLAG_ERROR) == 0)
            {
                frames.Add(ToFrame(coded));
            }

            if (!last)
            {
                EnsureCaptureQueued();
            }
        }

        LastDrain = (last, eos);
        LogDrained(_logger, _device.Path, frames.Count, last, eos);
        if (!resume)
        {
            return frames;
        }

        // Resume: V4L2_ENC_CMD_START lifts the stopped state; the CAPTURE buffer that carried LAST goes back to the driver.
        // Some drivers leave the queue's "LAST dequeued" mark set after START (vicodec clears it only when it still sees the
        // stopped state, which the m2m core has already lifted), so DQBUF would keep failing with EPIPE. STREAMOFF/STREAMON of
        // CAPTURE clears it, and dev-encoder.rst allows it as the other way out of the stopped state.
        _device.EncoderCommand(V4l2M2mNative.V4L2_ENC_CMD_START);
        if (_device.TryDequeue(_device.CaptureType, out _) == Libc.EPIPE)
        {
            _device.StreamOff(_device.CaptureType);
            _device.StreamOn(_device.CaptureType);
            LogResumedByRestreaming(_logger, _device.Path);
        }

        EnsureCaptureQueued();
        return frames;
    }

    private void ForceKeyFrame(CancellationToken cancellationToken)
    {
        if (HasForceKeyFrameControl)
        {
            _device.SetControl(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1);
            return;
        }

        // dev-encoder.rst "Reset": drain, then STREAMOFF/STREAMON CAPTURE; the next frame starts an independent stream (a key frame).
        List<EncodedVideoFrame> drained = Drain(resume: false, cancellationToken);
        _device.StreamOff(_device.CaptureType); // also ends the stopped state of the drain
        _captureQueued = false;
        _device.StreamOn(_device.CaptureType);
        EnsureCaptureQueued();
        LogResetForKeyFrame(_logger, _device.Path, drained.Count);
    }

    private EncodedVideoFrame? WaitForCoded(long timestamp, CancellationToken cancellationToken)
    {
        EncodedVideoFrame? result = null;
        M2mDequeued buffer = default;
        bool coded = false, outputBack = false;
        long deadline = Environment.TickCount64 + (long)Settings.FrameTimeout.TotalMilliseconds;
        while (!coded || !outputBack)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                FramesDropped++;
                LogFrameTimeout(_logger, _device.Path, Settings.FrameTimeout.TotalMilliseconds, coded, outputBack);
                StopStreaming(); // the buffers are in an unknown state: the next Encode renegotiates
                return null;
            }

            short revents = _device.Poll(Libc.POLLIN | Libc.POLLOUT | Libc.POLLPRI, (int)Math.Min(remaining, PollSliceMs));
            if ((revents & Libc.POLLPRI) != 0)
            {
                _ = _device.DequeueEvents();
            }

            int errno = coded ? Libc.EAGAIN : _device.TryDequeue(_device.CaptureType, out buffer);
            if (errno is not 0 and not Libc.EAGAIN)
            {
                throw new V4l2Exception("DQBUF CAPTURE", errno); // EPIPE: the encoder is stopped (LAST dequeued, no START)
            }

            if (errno == 0)
            {
                _captureQueued = false;
                if ((buffer.Flags & V4l2M2mNative.V4L2_BUF_FLAG_ERROR) != 0 || buffer.TimestampMicroseconds != timestamp)
                {
                    // Another frame's output (or a failed encode): never hand it out as this frame's.
                    FramesDropped++;
                    LogMismatch(_logger, _device.Path, timestamp, buffer.TimestampMicroseconds, buffer.Flags);
                    coded = (buffer.Flags & V4l2M2mNative.V4L2_BUF_FLAG_ERROR) != 0 && buffer.TimestampMicroseconds == timestamp;
                }
                else
                {
                    result = ToFrame(buffer);
                    coded = true;
                    FramesEncoded++;
                }

                EnsureCaptureQueued();
            }

            if (!outputBack && _device.TryDequeue(_device.OutputType, out _) == 0)
            {
                outputBack = true;
            }
        }

        return result;
    }

    private EncodedVideoFrame ToFrame(M2mDequeued buffer)
    {
        ReadOnlySpan<byte> data = _device.Buffer(_device.CaptureType, buffer.Index).Slice((int)buffer.DataOffset, (int)buffer.BytesUsed);
        bool key = (buffer.Flags & V4l2M2mNative.V4L2_BUF_FLAG_KEYFRAME) != 0 || CodedFrameInspector.IsKeyFrame(Settings.Codec, data);
        return new EncodedVideoFrame(Settings.Codec, data.ToArray(), buffer.TimestampMicroseconds, key, buffer.Flags, Settings.Width, Settings.Height);
    }

    private void EnsureCaptureQueued()
    {
        if (!_captureQueued)
        {
            _device.Queue(_device.CaptureType, 0, 0, 0);
            _captureQueued = true;
        }
    }

    /// <summary>The frame's capture time in microseconds, made strictly increasing so that every queued frame has its own timestamp.</summary>
    private long NextTimestamp(DateTimeOffset captureTimestamp)
    {
        long micros = (captureTimestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        _lastTimestamp = Math.Max(micros, _lastTimestamp + 1);
        return _lastTimestamp;
    }
}
