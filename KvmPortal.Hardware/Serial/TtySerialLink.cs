using System.IO.Ports;

namespace KvmPortal.Hardware.Serial;

/// <summary>A tty opened through System.IO.Ports with the port's line settings.</summary>
internal sealed class TtySerialLink : ISerialLink
{
    private readonly SerialPort _port;
    private readonly string _device;

    private TtySerialLink(SerialPort port, string device)
    {
        _port = port;
        _device = device;
    }

    public Stream Stream => _port.BaseStream;

    public bool Present => File.Exists(_device);

    /// <summary>Opens <see cref="SerialPortOptions.Device"/> with its baud rate, framing and flow control.</summary>
    public static TtySerialLink Open(SerialPortOptions options)
    {
        var port = new SerialPort(options.Device, options.BaudRate, options.Parity, options.DataBits, options.StopBits)
        {
            Handshake = options.FlowControl,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 5000,
            DtrEnable = true,
            RtsEnable = options.FlowControl is not (Handshake.RequestToSend or Handshake.RequestToSendXOnXOff),
        };
        try
        {
            port.Open();
            return new TtySerialLink(port, options.Device);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    public async Task<bool> BreakAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        _port.BreakState = true;
        try
        {
            await Task.Delay(duration, time, cancellationToken);
        }
        finally
        {
            _port.BreakState = false;
        }

        return true;
    }

    public void Dispose() => _port.Dispose();
}
