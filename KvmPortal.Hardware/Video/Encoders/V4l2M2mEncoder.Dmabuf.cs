using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>The zero-copy input path: the OUTPUT queue imports the capture device's buffers (V4L2_MEMORY_DMABUF).</summary>
public sealed partial class V4l2M2mEncoder
{
    /// <inheritdoc/>
    /// <remarks>OUTPUT imports dmabufs (<see cref="EncodeDmabuf"/>) instead of mmap + copy.</remarks>
    public bool DmabufInput { get; }

    /// <summary>
    /// Opens and starts an encoder whose OUTPUT queue imports dmabufs (REQBUFS V4L2_MEMORY_DMABUF, one buffer): raw frames in the
    /// capture format are read in place from the capture device's exported buffers. Callers fall back to <see cref="Open"/> (mmap
    /// + copy) when this throws, e.g. a driver whose OUTPUT queue cannot import (REQBUFS answers EINVAL) or a different stride.
    /// </summary>
    /// <param name="path">The node.</param>
    /// <param name="settings">Codec, size, rate, bitrate, GOP, profile, level.</param>
    /// <param name="inputFourcc">The capture format (e.g. YUYV, UYVY), queued unchanged.</param>
    /// <param name="logger">Logger.</param>
    /// <returns>The streaming encoder.</returns>
    /// <exception cref="V4l2Exception">The node refused the format or dmabuf import (the message holds the driver's errno).</exception>
    public static V4l2M2mEncoder OpenDmabuf(string path, VideoEncoderSettings settings, uint inputFourcc, ILogger<V4l2M2mEncoder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var device = V4l2M2mDevice.Open(path);
        var encoder = new V4l2M2mEncoder(device, settings, inputFourcc, (ILogger?)logger ?? NullLogger.Instance, dmabufInput: true);
        try
        {
            encoder.Start(settings);
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Encodes a picture read in place from a dmabuf; a new size restarts the encoder first.</summary>
    /// <param name="frame">The dmabuf and its layout; the caller keeps it valid until this returns.</param>
    /// <param name="forceKeyFrame">Make this a key frame.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The coded frame, or null if it was lost (timeout or error flag; the next call renegotiates).</returns>
    /// <exception cref="NotSupportedException">The frame's stride differs from the OUTPUT format's bytesperline (copy it instead).</exception>
    public EncodedVideoFrame? EncodeDmabuf(DmabufFrame frame, bool forceKeyFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!DmabufInput)
        {
            throw new InvalidOperationException("this encoder was opened for copied frames (Open), not dmabuf import (OpenDmabuf)");
        }

        if (frame.Width != Settings.Width || frame.Height != Settings.Height || !_streaming)
        {
            _ = Restart(Settings with { Width = frame.Width, Height = frame.Height }, cancellationToken);
        }

        if (frame.Stride != _output.BytesPerLine || frame.BytesUsed > frame.Length)
        {
            throw new NotSupportedException($"{_device.Path} wants {V4l2Native.FourccText(_output.Fourcc)} lines of {_output.BytesPerLine} bytes; " +
                $"the dmabuf has {frame.Stride} (copy the frame instead)");
        }

        if (forceKeyFrame)
        {
            ForceKeyFrame(cancellationToken);
        }

        long timestamp = NextTimestamp(frame.CaptureTimestamp);
        EnsureCaptureQueued();
        _device.QueueDmabuf(_device.OutputType, 0, frame.Fd, (uint)frame.BytesUsed, (uint)frame.Length, timestamp);
        return WaitForCoded(timestamp, cancellationToken);
    }
}
