using System.IO.Ports;

namespace KvmPortal.Hardware.Serial;

/// <summary>One configured serial port (an entry of <c>KvmPortal:Serial:Ports</c>).</summary>
public sealed class SerialPortOptions
{
    /// <summary>Gets or sets the port's name: letters, digits, '-' and '_' (it names the log file and the URL).</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the device: a tty path such as <c>/dev/ttyUSB0</c>, <c>/dev/ttyAMA0</c>, <c>/dev/ttyACM0</c>, or <c>unix:/path/to.sock</c>.</summary>
    public string Device { get; set; } = "";

    /// <summary>Gets or sets the baud rate.</summary>
    public int BaudRate { get; set; } = 115200;

    /// <summary>Gets or sets the data bits (5 to 8).</summary>
    public int DataBits { get; set; } = 8;

    /// <summary>Gets or sets the parity.</summary>
    public Parity Parity { get; set; } = Parity.None;

    /// <summary>Gets or sets the stop bits (One, OnePointFive or Two).</summary>
    public StopBits StopBits { get; set; } = StopBits.One;

    /// <summary>Gets or sets the flow control: None, XOnXOff, RequestToSend (RTS/CTS) or RequestToSendXOnXOff.</summary>
    public Handshake FlowControl { get; set; } = Handshake.None;

    /// <summary>Gets or sets this port's log size in bytes (null: <see cref="SerialOptions.LogSizeBytes"/>).</summary>
    public long? LogSizeBytes { get; set; }

    /// <summary>Gets the settings in the usual short form, for example <c>115200 8N1</c>.</summary>
    public string Describe() => $"{BaudRate} {DataBits}{Parity.ToString()[0]}{StopBits switch { StopBits.Two => "2", StopBits.OnePointFive => "1.5", _ => "1" }}"
        + (FlowControl == Handshake.None ? "" : " " + FlowControl);
}
