using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Buffers, streaming, encoder commands, events and poll of the M2M node.</summary>
internal sealed unsafe partial class V4l2M2mDevice
{
    /// <summary>
    /// REQBUFS with V4L2_MEMORY_DMABUF: the queue's buffers are other devices' dmabufs (the capture buffers), handed over per QBUF
    /// with <see cref="QueueDmabuf"/>; nothing is allocated or mapped here. Returns the count.
    /// </summary>
    /// <exception cref="V4l2Exception">The driver cannot import dmabufs on this queue (the errno says why).</exception>
    public int RequestDmabufBuffers(uint type, int count)
    {
        var granted = Request(type, count, V4l2Native.V4L2_MEMORY_DMABUF, "REQBUFS (DMABUF)");
        _dmabufQueues.Add(type);
        _buffers[type] = [];
        return granted;
    }

    /// <summary>Gets a value indicating whether the queue imports dmabufs (else it has mmap'd buffers).</summary>
    public bool IsDmabuf(uint type) => _dmabufQueues.Contains(type);

    /// <summary>QBUF of a dmabuf: the driver reads <paramref name="bytesUsed"/> bytes of the buffer behind <paramref name="fd"/>.</summary>
    public void QueueDmabuf(uint type, uint index, int fd, uint bytesUsed, uint length, long timestampMicroseconds) =>
        QueueBuffer(type, index, bytesUsed, timestampMicroseconds, (fd, length), "QBUF (DMABUF)");

    /// <summary>REQBUFS (MMAP) and mmap of every buffer the driver granted; returns the count.</summary>
    public int RequestBuffers(uint type, int count)
    {
        var granted = Request(type, count, V4l2Native.V4L2_MEMORY_MMAP, "REQBUFS");

        var mapped = new List<(nint, nuint)>();
        _buffers[type] = mapped;
        for (uint i = 0; i < granted; i++)
        {
            V4l2Plane plane = default;
            V4l2Buffer buf = NewBuffer(type, i, &plane);
            Ioctl(V4l2Native.VIDIOC_QUERYBUF, &buf, "QUERYBUF");
            (uint length, uint offset) = V4l2M2mNative.IsMultiplanar(type) ? (plane.Length, plane.MemOffset) : (buf.Length, buf.Offset);
            nint address = Libc.Mmap(0, length, 3 /* PROT_READ|PROT_WRITE */, 1 /* MAP_SHARED */, _fd, (nint)offset);
            if (address == -1)
            {
                throw new V4l2Exception("mmap", Marshal.GetLastPInvokeError());
            }

            mapped.Add((address, length));
        }

        return granted;
    }

    /// <summary>The mapped memory of one buffer.</summary>
    public Span<byte> Buffer(uint type, uint index)
    {
        var (address, length) = _buffers[type][(int)index];
        return new Span<byte>((void*)address, (int)length);
    }

    /// <summary>QBUF with a payload size and a timestamp in microseconds (copied by the driver to the matching CAPTURE buffer).</summary>
    public void Queue(uint type, uint index, uint bytesUsed, long timestampMicroseconds) =>
        QueueBuffer(type, index, bytesUsed, timestampMicroseconds, null, "QBUF");

    /// <summary>One QBUF for both memory kinds: an mmap'd buffer of this device, or a dmabuf (its fd and length) from another.</summary>
    private void QueueBuffer(uint type, uint index, uint bytesUsed, long timestampMicroseconds, (int Fd, uint Length)? dmabuf, string what)
    {
        V4l2Plane plane = default;
        V4l2Buffer buf = NewBuffer(type, index, &plane);
        buf.Field = V4l2M2mNative.V4L2_FIELD_NONE;
        buf.TimestampSeconds = timestampMicroseconds / 1_000_000;
        buf.TimestampMicroseconds = timestampMicroseconds % 1_000_000;
        if (V4l2M2mNative.IsMultiplanar(type))
        {
            plane.BytesUsed = bytesUsed;
            if (dmabuf is { } d)
            {
                (plane.Fd, plane.Length) = d;
            }
            else
            {
                plane.Length = (uint)_buffers[type][(int)index].Length;
            }
        }
        else
        {
            buf.BytesUsed = bytesUsed;
            if (dmabuf is { } d)
            {
                (buf.Fd, buf.Length) = d;
            }
        }

        Ioctl(V4l2Native.VIDIOC_QBUF, &buf, what);
    }

    /// <summary>DQBUF: 0 with the buffer, or the errno (EAGAIN = none ready, EPIPE = the LAST buffer was already dequeued).</summary>
    public int TryDequeue(uint type, out M2mDequeued dequeued)
    {
        V4l2Plane plane = default;
        V4l2Buffer buf = NewBuffer(type, 0, &plane);
        int errno = TryIoctl(V4l2Native.VIDIOC_DQBUF, &buf);
        uint used = V4l2M2mNative.IsMultiplanar(type) ? plane.BytesUsed - Math.Min(plane.DataOffset, plane.BytesUsed) : buf.BytesUsed;
        uint offset = V4l2M2mNative.IsMultiplanar(type) ? plane.DataOffset : 0;
        dequeued = new M2mDequeued(buf.Index, used, offset, buf.Flags, (buf.TimestampSeconds * 1_000_000) + buf.TimestampMicroseconds, buf.Sequence);
        return errno;
    }

    public void StreamOn(uint type)
    {
        int t = (int)type;
        Ioctl(V4l2Native.VIDIOC_STREAMON, &t, "STREAMON");
    }

    public void StreamOff(uint type)
    {
        int t = (int)type;
        Ioctl(V4l2Native.VIDIOC_STREAMOFF, &t, "STREAMOFF");
    }

    /// <summary>VIDIOC_ENCODER_CMD (V4L2_ENC_CMD_STOP starts a drain, V4L2_ENC_CMD_START resumes after one).</summary>
    public void EncoderCommand(uint command)
    {
        V4l2EncoderCmd cmd = default;
        cmd.Cmd = command;
        Ioctl(V4l2M2mNative.VIDIOC_ENCODER_CMD, &cmd, command == V4l2M2mNative.V4L2_ENC_CMD_STOP ? "ENCODER_CMD STOP" : "ENCODER_CMD START");
    }

    public void SubscribeEvent(uint eventType)
    {
        V4l2EventSubscription sub = default;
        sub.Type = eventType;
        Ioctl(V4l2Native.VIDIOC_SUBSCRIBE_EVENT, &sub, "SUBSCRIBE_EVENT");
    }

    /// <summary>Dequeues pending events; returns the type of each.</summary>
    public List<uint> DequeueEvents()
    {
        var types = new List<uint>();
        for (int i = 0; i < 32; i++)
        {
            V4l2Event ev = default;
            if (TryIoctl(V4l2Native.VIDIOC_DQEVENT, &ev) != 0)
            {
                break;
            }

            types.Add(ev.Type);
            if (ev.Pending == 0)
            {
                break;
            }
        }

        return types;
    }

    /// <summary>Waits for readiness (POLLIN = CAPTURE buffer done, POLLOUT = OUTPUT buffer done, POLLPRI = event); 0 on timeout.</summary>
    public short Poll(short events, int timeoutMs)
    {
        Libc.PollFd pfd = new() { Fd = _fd, Events = events };
        int rc = Libc.Poll(&pfd, 1, timeoutMs);
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Libc.EINTR ? (short)0 : throw new V4l2Exception("poll", errno);
        }

        return rc == 0 ? (short)0 : pfd.Revents;
    }

    /// <summary>munmap and REQBUFS 0 for one queue (the queue must be streamed off).</summary>
    public void FreeBuffers(uint type)
    {
        if (!_buffers.Remove(type, out var mapped))
        {
            return;
        }

        foreach (var (address, length) in mapped)
        {
            _ = Libc.Munmap(address, length);
        }

        V4l2RequestBuffers req = default;
        req.Type = type;
        req.Memory = _dmabufQueues.Remove(type) ? V4l2Native.V4L2_MEMORY_DMABUF : V4l2Native.V4L2_MEMORY_MMAP;
        _ = TryIoctl(V4l2Native.VIDIOC_REQBUFS, &req);
    }

    /// <summary>Frees the queue's buffers, then REQBUFS with <paramref name="memory"/>; returns how many the driver granted (never 0).</summary>
    private int Request(uint type, int count, uint memory, string what)
    {
        FreeBuffers(type);
        V4l2RequestBuffers req = default;
        req.Count = (uint)count;
        req.Type = type;
        req.Memory = memory;
        Ioctl(V4l2Native.VIDIOC_REQBUFS, &req, what);
        if (req.Count == 0)
        {
            throw new V4l2Exception($"{what} returned no buffers");
        }

        return (int)req.Count;
    }
}
