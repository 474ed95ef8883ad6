using System.Diagnostics;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>
/// The dongle's firmware, in userspace: opens the UVC gadget's video node, answers the control requests the host sends
/// (UVC_EVENT_SETUP/DATA → UVCIOC_SEND_RESPONSE for probe/commit, a stall for everything else), and between
/// UVC_EVENT_STREAMON and STREAMOFF queues MJPEG frames of the committed size on the node's output queue at 30 fps.
/// On UVC_EVENT_DISCONNECT (the UDC is being unbound) it closes the node and waits for <see cref="Resume"/>.
/// Runs on its own thread; counters are for the test's messages.
/// </summary>
internal sealed unsafe partial class UvcFeeder : IDisposable
{
    private const int BufferCount = 4;

    private readonly UvcDongleGadget _gadget;
    private readonly Func<int, int, IReadOnlyList<byte[]>> _framesFor;
    private readonly long _interval = Stopwatch.Frequency * UvcDongleGadget.FrameInterval / 10_000_000;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _resume = new(true);
    private readonly List<(nint Address, nuint Length)> _buffers = [];
    private readonly Queue<uint> _free = new();
    private volatile bool _stop;
    private int _fd = -1;
    private bool _streaming;
    private IReadOnlyList<byte[]> _frames = [];
    private long _due;
    private int _next;
    private long _framesQueued;

    public UvcFeeder(UvcDongleGadget gadget, Func<int, int, IReadOnlyList<byte[]>> framesFor)
    {
        _gadget = gadget;
        _framesFor = framesFor;
        _thread = new Thread(Run) { IsBackground = true, Name = "uvc-feeder" };
        _thread.Start();
    }

    public long FramesQueued => Interlocked.Read(ref _framesQueued);

    public int StreamOns { get; private set; }

    public int Disconnects { get; private set; }

    public (int Width, int Height) StreamingSize { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Reopens the gadget node after a disconnect (call after binding the UDC again).</summary>
    public void Resume() => _resume.Set();

    public void Dispose()
    {
        _stop = true;
        _resume.Set();
        _thread.Join();
        _resume.Dispose();
    }

    private static void Log(string text) => Console.Error.WriteLine("  [uvc-feeder] " + text);

    private void Run()
    {
        while (!_stop)
        {
            try
            {
                if (_fd < 0)
                {
                    if (_resume.Wait(100) && !_stop)
                    {
                        Open();
                    }

                    continue;
                }

                Step();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                LastError = ex.Message;
                Log("error: " + ex.Message);
                CloseDevice();
                Thread.Sleep(100);
            }
        }

        CloseDevice();
    }

    private void Open()
    {
        if (UvcDongleGadget.FindGadgetNode() is not { } path)
        {
            Thread.Sleep(50);
            return;
        }

        int fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            Thread.Sleep(50);
            return;
        }

        _fd = fd;
        ResetControls();

        // Subscribing to SETUP connects the gadget (the host sees the device), so it comes last.
        foreach (uint type in new[] { UvcGadgetAbi.UVC_EVENT_CONNECT, UvcGadgetAbi.UVC_EVENT_DISCONNECT, UvcGadgetAbi.UVC_EVENT_STREAMON, UvcGadgetAbi.UVC_EVENT_STREAMOFF, UvcGadgetAbi.UVC_EVENT_DATA, UvcGadgetAbi.UVC_EVENT_SETUP })
        {
            V4l2EventSubscription sub = default;
            sub.Type = type;
            Ioctl(V4l2Native.VIDIOC_SUBSCRIBE_EVENT, &sub, "SUBSCRIBE_EVENT");
        }

        Log($"opened {path}, connecting");
    }

    private void Step()
    {
        long now = Stopwatch.GetTimestamp();
        int timeout = _streaming ? (int)Math.Clamp((_due - now) * 1000 / Stopwatch.Frequency, 0, 100) : 100;
        Libc.PollFd pfd = new() { Fd = _fd, Events = (short)(Libc.POLLPRI | (_streaming ? Libc.POLLOUT : 0)) };
        if (Libc.Poll(&pfd, 1, timeout) < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
        {
            throw new IOException("poll: " + Libc.ErrorText(Marshal.GetLastPInvokeError()));
        }

        if ((pfd.Revents & Libc.POLLPRI) != 0)
        {
            DrainEvents();
        }

        if (_fd < 0 || !_streaming)
        {
            return;
        }

        Reclaim();
        if (Stopwatch.GetTimestamp() >= _due)
        {
            QueueNext();
        }
    }

    private void DrainEvents()
    {
        for (int i = 0; i < 64 && _fd >= 0; i++)
        {
            V4l2Event ev = default;
            if (Libc.Ioctl(_fd, V4l2Native.VIDIOC_DQEVENT, &ev) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is V4l2Native.ENOENT or Libc.EAGAIN)
                {
                    return;
                }

                throw new IOException("DQEVENT: " + Libc.ErrorText(errno));
            }

            byte* data = (byte*)&ev + UvcGadgetAbi.V4l2EventDataOffset;
            switch (ev.Type)
            {
                case UvcGadgetAbi.UVC_EVENT_CONNECT:
                    Log("connected (speed " + *(int*)data + ")");
                    break;
                case UvcGadgetAbi.UVC_EVENT_DISCONNECT:
                    Log("disconnected: closing the node until resumed");
                    Disconnects++;
                    _resume.Reset();
                    CloseDevice();
                    return;
                case UvcGadgetAbi.UVC_EVENT_STREAMON:
                    StartStreaming();
                    break;
                case UvcGadgetAbi.UVC_EVENT_STREAMOFF:
                    Log($"stream off after {FramesQueued} frames queued in total");
                    StopStreaming();
                    break;
                case UvcGadgetAbi.UVC_EVENT_SETUP:
                    HandleSetup(*(UsbCtrlRequest*)data);
                    break;
                case UvcGadgetAbi.UVC_EVENT_DATA:
                    HandleData((UvcRequestData*)data);
                    break;
                default:
                    break;
            }

            if (ev.Pending == 0)
            {
                return;
            }
        }
    }

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

    private void CloseDevice()
    {
        StopStreaming();
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }

    private void Ioctl(nuint request, void* argument, string name)
    {
        if (Libc.Ioctl(_fd, request, argument) < 0)
        {
            throw new IOException($"{name}: {Libc.ErrorText(Marshal.GetLastPInvokeError())}");
        }
    }
}
