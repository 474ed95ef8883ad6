using System.Diagnostics;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>The output queue: buffers, paced frame queueing at 30 fps, and teardown when the host stops the stream.</summary>
internal sealed unsafe partial class UvcFeeder
{
    private void StartStreaming()
    {
        StopStreaming();
        var size = _gadget.Frame(_commit[UvcGadgetAbi.ProbeFormatIndex], _commit[UvcGadgetAbi.ProbeFrameIndex])
            ?? throw new InvalidOperationException($"STREAMON with a committed format/frame {_commit[UvcGadgetAbi.ProbeFormatIndex]}/{_commit[UvcGadgetAbi.ProbeFrameIndex]} that the gadget does not have");
        _frames = size.Mjpeg ? _framesFor(size.Width, size.Height) : [DongleFrames.Yuyv(size.Width, size.Height)];
        V4l2Format format = default;
        format.Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT;
        format.Width = (uint)size.Width;
        format.Height = (uint)size.Height;
        format.PixelFormat = size.Mjpeg ? V4l2Native.FourccMjpeg : V4l2Native.FourccYuyv;
        format.SizeImage = (uint)(size.Mjpeg ? UvcDongleGadget.MaxFrameBytes : size.Width * size.Height * 2);
        Ioctl(V4l2Native.VIDIOC_S_FMT, &format, "S_FMT");
        V4l2RequestBuffers req = new() { Count = BufferCount, Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT, Memory = V4l2Native.V4L2_MEMORY_MMAP };
        Ioctl(V4l2Native.VIDIOC_REQBUFS, &req, "REQBUFS");
        for (uint i = 0; i < req.Count; i++)
        {
            V4l2Buffer buf = new() { Index = i, Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT, Memory = V4l2Native.V4L2_MEMORY_MMAP };
            Ioctl(V4l2Native.VIDIOC_QUERYBUF, &buf, "QUERYBUF");
            nint address = Libc.Mmap(0, buf.Length, 3, 1, _fd, (nint)buf.Offset);
            if (address == -1)
            {
                throw new IOException("mmap: " + Libc.ErrorText(Marshal.GetLastPInvokeError()));
            }

            _buffers.Add((address, buf.Length));
            _free.Enqueue(i);
        }

        _due = Stopwatch.GetTimestamp();
        QueueNext();
        int type = (int)UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT;
        Ioctl(V4l2Native.VIDIOC_STREAMON, &type, "STREAMON"); // also completes the host's SET_INTERFACE
        _streaming = true;
        StreamingSize = (size.Width, size.Height);
        StreamOns++;
        Log($"stream on: {size.Width}x{size.Height} {(size.Mjpeg ? "MJPEG" : "YUYV")}, {req.Count} buffers");
    }

    private void QueueNext()
    {
        long now = Stopwatch.GetTimestamp();
        _due = Math.Max(_due + _interval, now - _interval);
        if (!_free.TryDequeue(out uint index))
        {
            return; // the bus is slower than 30 fps: skip this frame like a dongle does
        }

        byte[] frame = _frames[_next++ % _frames.Count];
        var (address, length) = _buffers[(int)index];
        frame.CopyTo(new Span<byte>((void*)address, (int)length));
        V4l2Buffer buf = new()
        {
            Index = index,
            Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT,
            Memory = V4l2Native.V4L2_MEMORY_MMAP,
            BytesUsed = (uint)frame.Length,
            Field = 1, // V4L2_FIELD_NONE
        };
        if (Libc.Ioctl(_fd, V4l2Native.VIDIOC_QBUF, &buf) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.ENODEV)
            {
                throw new IOException("QBUF: " + Libc.ErrorText(errno));
            }

            StopStreaming(); // the host switched the stream off (its STREAMOFF event is on the way)
            return;
        }

        Interlocked.Increment(ref _framesQueued);
    }

    private void Reclaim()
    {
        while (true)
        {
            V4l2Buffer buf = new() { Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT, Memory = V4l2Native.V4L2_MEMORY_MMAP };
            if (Libc.Ioctl(_fd, V4l2Native.VIDIOC_DQBUF, &buf) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    return;
                }

                throw new IOException("DQBUF: " + Libc.ErrorText(errno));
            }

            _free.Enqueue(buf.Index);
        }
    }

    private void StopStreaming()
    {
        if (_fd >= 0 && _buffers.Count > 0)
        {
            int type = (int)UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT;
            _ = Libc.Ioctl(_fd, V4l2Native.VIDIOC_STREAMOFF, &type);
        }

        foreach (var (address, length) in _buffers)
        {
            _ = Libc.Munmap(address, length);
        }

        if (_fd >= 0 && _buffers.Count > 0)
        {
            V4l2RequestBuffers req = new() { Count = 0, Type = UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT, Memory = V4l2Native.V4L2_MEMORY_MMAP };
            _ = Libc.Ioctl(_fd, V4l2Native.VIDIOC_REQBUFS, &req);
        }

        _buffers.Clear();
        _free.Clear();
        _streaming = false;
    }
}
