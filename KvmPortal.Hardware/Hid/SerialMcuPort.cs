using System.Runtime.InteropServices;
using KvmPortal.Hardware.Hid.Interop;
using KvmPortal.Hardware.Interop;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>The UART to PiKVM's HID firmware: raw termios, one request written, one 4- or 8-byte answer read with a timeout.</summary>
internal sealed class SerialMcuPort(string path, int baud, TimeProvider time, ILogger logger) : IDisposable
{
    private int _fd = -1;

    public bool IsOpen => _fd >= 0;

    public bool TryOpen()
    {
        _fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (_fd < 0)
        {
            return false;
        }

        var error = SerialPortNative.ConfigureRaw(_fd, baud);
        if (error != 0)
        {
            HidLog.SerialError(logger, path, "termios", error);
        }

        return true;
    }

    /// <summary>Writes <paramref name="request"/> and reads the answer; null on timeout or a corrupt answer (<paramref name="corrupt"/>).</summary>
    public unsafe McuResponse? Transfer(byte[] request, int timeoutMs, out bool corrupt)
    {
        corrupt = false;
        fixed (byte* p = request)
        {
            if (Libc.Write(_fd, p, (nuint)request.Length) != request.Length)
            {
                HidLog.SerialError(logger, path, "write", Marshal.GetLastPInvokeError());
                Close();
                return null;
            }
        }

        var buffer = stackalloc byte[8];
        var got = 0;
        var need = 1;
        var start = time.GetTimestamp();
        while (got < need)
        {
            var left = timeoutMs - (int)time.GetElapsedTime(start).TotalMilliseconds;
            if (left <= 0)
            {
                return null;
            }

            var pfd = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
            if (Libc.Poll(&pfd, 1, left) <= 0)
            {
                continue;
            }

            var n = Libc.Read(_fd, buffer + got, (nuint)(need - got));
            if (n <= 0)
            {
                continue;
            }

            got += (int)n;
            if (got == 1)
            {
                need = McuProtocol.ResponseLength(buffer[0]);
                if (need == 0)
                {
                    got = 0; // resynchronise on the next magic byte
                    need = 1;
                }
            }
        }

        var parsed = McuProtocol.ParseResponse(new ReadOnlySpan<byte>(buffer, got));
        corrupt = parsed is null;
        return parsed;
    }

    public void Dispose() => Close();

    private void Close()
    {
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }
}
