using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// Test-side FWHT decoder: vicodec's stateful decoder node ("stateful-decoder") driven through KvmPortal's M2M device binding,
/// so the kernel test can compare the pictures that went through the encoder with their source. Fixed size; both queues
/// streaming before the first frame (then vicodec needs no source-change round trip when the size is its default 1280x720 and the
/// stream is 4:2:0); a source change (another chroma layout) is followed by setting up CAPTURE again.
/// </summary>
internal sealed class VicodecDecoder : IDisposable
{
    private readonly V4l2M2mDevice _device;
    private readonly int _width;
    private readonly int _height;

    public VicodecDecoder(int width, int height)
    {
        string path = V4l2EncoderFinder.Find("stateful-decoder") ?? throw new InvalidOperationException("vicodec has no 'stateful-decoder' node");
        _device = V4l2M2mDevice.Open(path);
        _width = width;
        _height = height;
        _device.SetFormat(_device.OutputType, V4l2M2mNative.FourccFwht, (uint)width, (uint)height, 0);
        M2mPlaneFormat raw = _device.SetFormat(_device.CaptureType, V4l2M2mNative.FourccYuv420, (uint)width, (uint)height, 0);
        if (raw.Fourcc != V4l2M2mNative.FourccYuv420 || raw.BytesPerLine != width)
        {
            throw new InvalidOperationException($"decoder CAPTURE is {V4l2Native.FourccText(raw.Fourcc)} stride {raw.BytesPerLine}");
        }

        _device.SubscribeEvent(V4l2Native.V4L2_EVENT_SOURCE_CHANGE);
        _ = _device.RequestBuffers(_device.OutputType, 1);
        _ = StartCapture();
        _device.StreamOn(_device.OutputType);
    }

    /// <summary>Gets the raw format the decoder writes (I420 at first; another after a source change, e.g. YUV422P for a 4:2:2 stream).</summary>
    public uint CaptureFourcc { get; private set; } = V4l2M2mNative.FourccYuv420;

    /// <summary>Decodes one FWHT frame (in stream order) to I420.</summary>
    public byte[] Decode(ReadOnlySpan<byte> coded, TimeSpan timeout)
    {
        coded.CopyTo(_device.Buffer(_device.OutputType, 0));
        _device.Queue(_device.OutputType, 0, (uint)coded.Length, 1);
        byte[]? picture = null;
        bool outputBack = false;
        var deadline = DateTime.UtcNow + timeout;
        while (picture is null || !outputBack)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"vicodec decoder: no picture within {timeout.TotalSeconds} s (output back {outputBack})");
            }

            _ = _device.Poll(Libc.POLLIN | Libc.POLLOUT | Libc.POLLPRI, 100);
            if (_device.DequeueEvents().Contains(V4l2Native.V4L2_EVENT_SOURCE_CHANGE))
            {
                // The stream is in another raw layout than the CAPTURE format (a 4:2:2 stream from YUYV input): dev-decoder.rst's
                // capture setup again with the format the decoder now reports. Planar formats keep the luma plane first.
                _device.StreamOff(_device.CaptureType);
                _ = StartCapture();
                CaptureFourcc = _device.GetFormat(_device.CaptureType).Fourcc;
            }
            if (picture is null && _device.TryDequeue(_device.CaptureType, out M2mDequeued d) == 0)
            {
                if ((d.Flags & V4l2M2mNative.V4L2_BUF_FLAG_ERROR) != 0)
                {
                    throw new InvalidOperationException($"vicodec decoder flagged an error (flags 0x{d.Flags:X})");
                }

                picture = _device.Buffer(_device.CaptureType, d.Index)[..(_width * _height * 3 / 2)].ToArray();
                _device.Queue(_device.CaptureType, d.Index, 0, 0);
            }

            if (!outputBack && _device.TryDequeue(_device.OutputType, out _) == 0)
            {
                outputBack = true;
            }
        }

        return picture;
    }

    public void Dispose() => _device.Dispose();

    private int StartCapture()
    {
        int count = _device.RequestBuffers(_device.CaptureType, 2);
        for (uint i = 0; i < count; i++)
        {
            _device.Queue(_device.CaptureType, i, 0, 0);
        }

        _device.StreamOn(_device.CaptureType);
        return count;
    }
}
