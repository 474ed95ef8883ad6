using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>A thin, synchronous wrapper over one V4L2 capture node (single-planar, MMAP streaming). Not thread-safe.</summary>
internal sealed unsafe partial class V4l2Device : IDisposable
{

    private readonly List<(nint Address, nuint Length)> _buffers = [];
    private int _fd;
    private bool _streaming;

    private V4l2Device(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    public int BufferCount => _buffers.Count;

    public static V4l2Device Open(string path)
    {
        int fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new V4l2Exception("open " + path, Marshal.GetLastPInvokeError());
        }

        return new V4l2Device(fd, path);
    }

    public (string Driver, string Card, uint Caps) QueryCapabilities()
    {
        V4l2Capability cap = default;
        Ioctl(V4l2Native.VIDIOC_QUERYCAP, &cap, "QUERYCAP");
        uint caps = (cap.Capabilities & V4l2Native.V4L2_CAP_DEVICE_CAPS) != 0 ? cap.DeviceCaps : cap.Capabilities;
        return (V4l2Text.Read(cap.Driver, 16), V4l2Text.Read(cap.Card, 32), caps);
    }

    /// <summary>QUERYCAP bus_info, e.g. "usb-dummy_hcd.0-1" for a UVC device or "platform:vivid-000".</summary>
    public string QueryBusInfo()
    {
        V4l2Capability cap = default;
        Ioctl(V4l2Native.VIDIOC_QUERYCAP, &cap, "QUERYCAP");
        return V4l2Text.Read(cap.BusInfo, 32);
    }

    public List<(uint Index, string Name, uint Capabilities)> EnumerateInputs()
    {
        var list = new List<(uint, string, uint)>();
        for (uint i = 0; i < 64; i++)
        {
            V4l2Input input = default;
            input.Index = i;
            if (TryIoctl(V4l2Native.VIDIOC_ENUMINPUT, &input) != 0)
            {
                break;
            }

            list.Add((i, V4l2Text.Read(input.Name, 32), input.Capabilities));
        }

        return list;
    }

    public int GetInput()
    {
        int index = 0;
        return TryIoctl(V4l2Native.VIDIOC_G_INPUT, &index) == 0 ? index : -1;
    }

    public void SetInput(uint index)
    {
        int value = (int)index;
        Ioctl(V4l2Native.VIDIOC_S_INPUT, &value, "S_INPUT");
    }

    public List<uint> EnumerateFormats()
    {
        var list = new List<uint>();
        for (uint i = 0; i < 128; i++)
        {
            V4l2FmtDesc desc = default;
            desc.Index = i;
            desc.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            if (TryIoctl(V4l2Native.VIDIOC_ENUM_FMT, &desc) != 0)
            {
                break;
            }

            list.Add(desc.PixelFormat);
        }

        return list;
    }

    /// <summary>QUERY_DV_TIMINGS; returns 0 or the errno (ENOLINK = no signal, ENOLCK = no sync, ERANGE = out of range).</summary>
    public int QueryDvTimings(out V4l2DvTimings timings)
    {
        V4l2DvTimings t = default;
        int errno = TryIoctl(V4l2Native.VIDIOC_QUERY_DV_TIMINGS, &t);
        timings = t;
        return errno;
    }

    public void SetDvTimings(V4l2DvTimings timings) => Ioctl(V4l2Native.VIDIOC_S_DV_TIMINGS, &timings, "S_DV_TIMINGS");

    public V4l2Format GetFormat()
    {
        V4l2Format format = default;
        format.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        Ioctl(V4l2Native.VIDIOC_G_FMT, &format, "G_FMT");
        return format;
    }

    public V4l2Format SetFormat(uint fourcc, uint width, uint height)
    {
        V4l2Format format = default;
        format.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.Width = width;
        format.Height = height;
        format.PixelFormat = fourcc;
        format.Field = V4l2Native.V4L2_FIELD_ANY;
        Ioctl(V4l2Native.VIDIOC_S_FMT, &format, "S_FMT");
        return format;
    }

    /// <summary>Subscribes to SOURCE_CHANGE for one input (the event id is the input index); false when the driver has no events.</summary>
    public bool SubscribeSourceChange(uint input)
    {
        V4l2EventSubscription sub = default;
        sub.Type = V4l2Native.V4L2_EVENT_SOURCE_CHANGE;
        sub.Id = input;
        return TryIoctl(V4l2Native.VIDIOC_SUBSCRIBE_EVENT, &sub) == 0;
    }

    /// <summary>Dequeues all pending events; returns true when any of them means "renegotiate".</summary>
    public bool DrainEvents()
    {
        bool renegotiate = false;
        for (int i = 0; i < 32; i++)
        {
            V4l2Event ev = default;
            if (TryIoctl(V4l2Native.VIDIOC_DQEVENT, &ev) != 0)
            {
                break;
            }

            renegotiate |= ev.Type is V4l2Native.V4L2_EVENT_SOURCE_CHANGE or V4l2Native.V4L2_EVENT_EOS;
            if (ev.Pending == 0)
            {
                break;
            }
        }

        return renegotiate;
    }

    public void StartStreaming(int count)
    {
        V4l2RequestBuffers req = default;
        req.Count = (uint)count;
        req.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        req.Memory = V4l2Native.V4L2_MEMORY_MMAP;
        Ioctl(V4l2Native.VIDIOC_REQBUFS, &req, "REQBUFS");
        if (req.Count == 0)
        {
            throw new V4l2Exception("REQBUFS returned no buffers");
        }

        for (uint i = 0; i < req.Count; i++)
        {
            V4l2Buffer buf = NewBuffer(i);
            Ioctl(V4l2Native.VIDIOC_QUERYBUF, &buf, "QUERYBUF");
            nint address = Libc.Mmap(0, buf.Length, 3 /* PROT_READ|PROT_WRITE */, 1 /* MAP_SHARED */, _fd, (nint)buf.Offset);
            if (address == -1)
            {
                throw new V4l2Exception("mmap", Marshal.GetLastPInvokeError());
            }

            _buffers.Add((address, buf.Length));
            Ioctl(V4l2Native.VIDIOC_QBUF, &buf, "QBUF");
        }

        int type = (int)V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        Ioctl(V4l2Native.VIDIOC_STREAMON, &type, "STREAMON");
        _streaming = true;
    }

    /// <summary>Waits for a frame or an event. Returns the poll revents (0 on timeout).</summary>
    public short Poll(int timeoutMs)
    {
        Libc.PollFd pfd = new() { Fd = _fd, Events = Libc.POLLIN | Libc.POLLPRI };
        int rc = Libc.Poll(&pfd, 1, timeoutMs);
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
            {
                return 0;
            }

            throw new V4l2Exception("poll", errno);
        }

        return rc == 0 ? (short)0 : pfd.Revents;
    }

    /// <summary>DQBUF; returns false on EAGAIN (no more filled buffers).</summary>
    public bool TryDequeue(out V4l2Buffer buffer)
    {
        V4l2Buffer buf = NewBuffer(0);
        int errno = TryIoctl(V4l2Native.VIDIOC_DQBUF, &buf);
        buffer = buf;
        if (errno == Libc.EAGAIN)
        {
            return false;
        }

        if (errno != 0)
        {
            throw new V4l2Exception("DQBUF", errno);
        }

        return true;
    }

    public void Requeue(V4l2Buffer buffer)
    {
        V4l2Buffer buf = NewBuffer(buffer.Index);
        Ioctl(V4l2Native.VIDIOC_QBUF, &buf, "QBUF");
    }

    /// <summary>
    /// VIDIOC_EXPBUF: the capture buffer <paramref name="index"/> as a dmabuf file descriptor (read-only, close-on-exec), so an M2M
    /// encoder can read the frame without a copy (ustreamer does the same for raw formats). The caller closes the descriptor.
    /// </summary>
    /// <exception cref="V4l2Exception">The driver cannot export (errno in the message; the caller copies frames instead).</exception>
    public int ExportBuffer(uint index)
    {
        V4l2ExportBuffer export = default;
        export.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
        export.Index = index;
        export.Flags = (uint)Libc.O_CLOEXEC; // O_RDONLY: the encoder only reads
        Ioctl(V4l2Native.VIDIOC_EXPBUF, &export, "EXPBUF");
        return export.Fd;
    }

    /// <summary>Gets the size of a mapped capture buffer (what a dmabuf of it holds).</summary>
    public int BufferLength(uint index) => (int)_buffers[(int)index].Length;

    public ReadOnlySpan<byte> BufferData(V4l2Buffer buffer, int length)
    {
        var (address, size) = _buffers[(int)buffer.Index];
        return new ReadOnlySpan<byte>((void*)address, (int)Math.Min((nuint)length, size));
    }

    public void Dispose()
    {
        if (_fd < 0)
        {
            return;
        }

        if (_streaming)
        {
            int type = (int)V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            _ = TryIoctl(V4l2Native.VIDIOC_STREAMOFF, &type);
            _streaming = false;
        }

        foreach (var (address, length) in _buffers)
        {
            _ = Libc.Munmap(address, length);
        }

        if (_buffers.Count > 0)
        {
            _buffers.Clear();
            V4l2RequestBuffers req = default;
            req.Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE;
            req.Memory = V4l2Native.V4L2_MEMORY_MMAP;
            _ = TryIoctl(V4l2Native.VIDIOC_REQBUFS, &req);
        }

        _ = Libc.Close(_fd);
        _fd = -1;
    }

    private static V4l2Buffer NewBuffer(uint index) => new()
    {
        Index = index,
        Type = V4l2Native.V4L2_BUF_TYPE_VIDEO_CAPTURE,
        Memory = V4l2Native.V4L2_MEMORY_MMAP,
    };

    private void Ioctl(nuint request, void* argument, string name)
    {
        int errno = TryIoctl(request, argument);
        if (errno != 0)
        {
            throw new V4l2Exception(name, errno);
        }
    }

    /// <summary>ioctl with retries on EINTR/EAGAIN (<see cref="V4l2Ioctl.Try"/>); returns 0 or errno.</summary>
    private int TryIoctl(nuint request, void* argument)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        return V4l2Ioctl.Try(_fd, request, argument);
    }
}
