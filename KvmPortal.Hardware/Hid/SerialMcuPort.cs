using System.IO.Ports;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The UART to PiKVM's HID firmware through System.IO.Ports (raw 8N1, no flow control): one request written, one 4- or 8-byte
/// answer read with a timeout.
/// </summary>
internal sealed class SerialMcuPort(string path, int baud, TimeProvider time, ILogger logger) : IDisposable
{
    private const int WriteTimeoutMs = 500;
    private SerialPort? _port;
    private bool _openFailureLogged;

    public bool IsOpen => _port is { IsOpen: true };

    public bool TryOpen()
    {
        var port = new SerialPort(path, baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = false,
            RtsEnable = false,
            WriteTimeout = WriteTimeoutMs,
            ReadBufferSize = 4096,
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
            _port = port;
            _openFailureLogged = false;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            if (!_openFailureLogged)
            {
                HidLog.SerialFailed(logger, path, "open", e.Message);
                _openFailureLogged = true;
            }

            return false;
        }
    }

    /// <summary>Writes <paramref name="request"/> and reads the answer; null on timeout or a corrupt answer (<paramref name="corrupt"/>).</summary>
    public McuResponse? Transfer(byte[] request, int timeoutMs, out bool corrupt)
    {
        corrupt = false;
        var port = _port;
        if (port is null)
        {
            return null;
        }

        try
        {
            port.Write(request, 0, request.Length);
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            HidLog.SerialFailed(logger, path, "write", e.Message);
            Close();
            return null;
        }

        var buffer = new byte[8];
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

            int n;
            try
            {
                port.ReadTimeout = left;
                n = port.Read(buffer, got, need - got);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                HidLog.SerialFailed(logger, path, "read", e.Message);
                Close();
                return null;
            }

            got += n;
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

        var parsed = McuProtocol.ParseResponse(buffer.AsSpan(0, got));
        corrupt = parsed is null;
        return parsed;
    }

    public void Dispose() => Close();

    private void Close()
    {
        var port = _port;
        _port = null;
        port?.Dispose();
    }
}
