using System.Threading.Channels;
using KvmPortal.Hardware.Interop;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// One writer loop per /dev/hidgN: a bounded channel (oldest dropped when full, so callers never block) drained by a single thread.
/// Writes use O_NONBLOCK and poll(POLLOUT) for at most the write timeout (≤ 100 ms). When the host is gone (EAGAIN past the
/// timeout, ESHUTDOWN, a missing device) the report is dropped and, while the host stays gone, only the newest queued report is tried.
/// </summary>
internal sealed class HidgWriter : IDisposable
{
    private readonly Channel<(byte[] Report, long Queued)> _queue;
    private readonly string _path;
    private readonly int _timeoutMs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Health.HeartbeatLane? _lane;
    private readonly CancellationTokenSource _stop = new();
    private int _fd = -1;
    private bool _openFailedLogged;

    public HidgWriter(string path, int timeoutMs, int capacity, TimeProvider time, ILogger logger, Health.HeartbeatLane? lane = null)
    {
        _lane = lane;
        _path = path;
        _timeoutMs = Math.Clamp(timeoutMs, 1, 100);
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<(byte[], long)>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "hidg " + Path.GetFileName(path) };
        _thread.Start();
    }

    /// <summary>Raised on the writer thread after each attempt with its outcome.</summary>
    public event Action<HidWriteResult>? Written;

    public string DevicePath => _path;

    /// <summary>Queues a report; never blocks.</summary>
    public void Enqueue(byte[] report) => _queue.Writer.TryWrite((report, _time.GetTimestamp()));

    /// <summary>Gets or sets a value indicating whether the host is believed absent (then stale queued reports are skipped).</summary>
    public bool HostAbsent { get; set; }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(2));
        CloseFd();
        _stop.Dispose();
    }

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (!reader.TryRead(out var item))
                {
                    if (!reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }

                    continue;
                }

                if (HostAbsent)
                {
                    // Never replay what piled up while the host was away: only the newest state is worth a try.
                    while (reader.TryRead(out var newer))
                    {
                        item = newer;
                    }
                }

                var started = _time.GetTimestamp();
                _lane?.Enter();
                bool ok;
                try
                {
                    ok = WriteOne(item.Report);
                }
                finally
                {
                    _lane?.Exit();
                }

                var done = _time.GetTimestamp();
                Written?.Invoke(new HidWriteResult(ok, _fd >= 0, done - item.Queued, done - started));
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private unsafe bool WriteOne(byte[] report)
    {
        if (_fd < 0 && !TryOpen())
        {
            return false;
        }

        var start = _time.GetTimestamp();
        while (true)
        {
            nint written;
            fixed (byte* p = report)
            {
                written = Libc.Write(_fd, p, (nuint)report.Length);
            }

            if (written == report.Length)
            {
                return true;
            }

            var errno = written < 0 ? System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : Libc.EIO;
            if (errno == Libc.EINTR)
            {
                continue;
            }

            if (errno != Libc.EAGAIN)
            {
                HidLog.WriteDropped(_logger, _path, errno);
                if (errno != Libc.ESHUTDOWN)
                {
                    CloseFd();
                }

                return false;
            }

            var left = _timeoutMs - (int)_time.GetElapsedTime(start).TotalMilliseconds;
            if (left <= 0)
            {
                HidLog.WriteDropped(_logger, _path, 110);
                return false;
            }

            var pfd = new Libc.PollFd { Fd = _fd, Events = Libc.POLLOUT };
            _ = Libc.Poll(&pfd, 1, left);
        }
    }

    private bool TryOpen()
    {
        _fd = Libc.Open(_path, Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (_fd >= 0)
        {
            _openFailedLogged = false;
            return true;
        }

        if (!_openFailedLogged)
        {
            _openFailedLogged = true;
            HidLog.OpenFailed(_logger, _path, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return false;
    }

    private void CloseFd()
    {
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }
}
