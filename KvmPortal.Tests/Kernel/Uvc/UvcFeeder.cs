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

    private static void Log(string text) => System.Console.Error.WriteLine("  [uvc-feeder] " + text);

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
