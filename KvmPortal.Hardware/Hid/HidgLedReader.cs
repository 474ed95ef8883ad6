using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Hid;

/// <summary>Reads the keyboard's LED output reports from /dev/hidg0 on its own thread (poll for POLLIN, 100 ms, so it stops promptly).</summary>
internal sealed class HidgLedReader : IDisposable
{
    private readonly string _path;
    private readonly Action<KeyboardLeds> _onLeds;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public HidgLedReader(string path, Action<KeyboardLeds> onLeds)
    {
        _path = path;
        _onLeds = onLeds;
        _thread = new Thread(Run) { IsBackground = true, Name = "hidg leds" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private unsafe void Run()
    {
        var buffer = stackalloc byte[64];
        var fd = -1;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (fd < 0)
                {
                    fd = Libc.Open(_path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
                    if (fd < 0)
                    {
                        _stop.Token.WaitHandle.WaitOne(1000);
                        continue;
                    }
                }

                var pfd = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
                var ready = Libc.Poll(&pfd, 1, 100);
                if (ready <= 0 || (pfd.Revents & Libc.POLLIN) == 0)
                {
                    if (ready > 0 && (pfd.Revents & (Libc.POLLERR | Libc.POLLHUP)) != 0)
                    {
                        _ = Libc.Close(fd);
                        fd = -1;
                        _stop.Token.WaitHandle.WaitOne(1000);
                    }

                    continue;
                }

                var n = Libc.Read(fd, buffer, 64);
                if (n > 0)
                {
                    _onLeds(KeyboardReportState.ParseLeds(new ReadOnlySpan<byte>(buffer, (int)n)));
                }
                else if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is not (Libc.EAGAIN or Libc.EINTR))
                {
                    _ = Libc.Close(fd);
                    fd = -1;
                    _stop.Token.WaitHandle.WaitOne(1000);
                }
            }
        }
        finally
        {
            if (fd >= 0)
            {
                _ = Libc.Close(fd);
            }
        }
    }
}
