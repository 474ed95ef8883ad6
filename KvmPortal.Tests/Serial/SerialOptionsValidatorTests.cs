using System.IO.Ports;
using KvmPortal.Hardware.Serial;
using KvmPortal.Serial;

namespace KvmPortal.Tests.Serial;

/// <summary>The serial settings are checked at start; paste input is split into lines for pacing.</summary>
public sealed class SerialOptionsValidatorTests
{
    private readonly SerialOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AndAGoodDevicePort_AreValid()
    {
        Assert.True(_validator.Validate(null, new SerialOptions()).Succeeded);
        var options = new SerialOptions { Backend = SerialBackend.Device };
        options.Ports.Add(new SerialPortOptions { Name = "server", Device = "/dev/ttyUSB0", BaudRate = 9600, Parity = Parity.Even, DataBits = 7, StopBits = StopBits.Two });
        options.Ports.Add(new SerialPortOptions { Name = "qemu", Device = "unix:/run/kvmportal/serial.sock" });
        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("9600 7E2", options.Ports[0].Describe());
    }

    [Fact]
    public void BadPorts_AreRefused_EachNamed()
    {
        var options = new SerialOptions { Backend = SerialBackend.Device, LogSizeBytes = 10, PasteLineDelayMs = -1 };
        options.Ports.Add(new SerialPortOptions { Name = "bad name", Device = "ttyUSB0", BaudRate = 10, DataBits = 9, StopBits = StopBits.None });
        options.Ports.Add(new SerialPortOptions { Name = "a", Device = "/dev/ttyUSB1" });
        options.Ports.Add(new SerialPortOptions { Name = "A", Device = "/dev/ttyUSB1", FlowControl = (Handshake)42 });
        var failures = _validator.Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Ports:0:Name 'bad name'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ports:0:Device 'ttyUSB0'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ports:0:BaudRate (10)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ports:0:DataBits (9)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ports:0:StopBits", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Ports:2:FlowControl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("the name 'a' is used 2 times", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("the device '/dev/ttyUSB1' is used 2 times", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("KvmPortal:Serial:LogSizeBytes (10)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PasteLineDelayMs (-1)", StringComparison.Ordinal));
        Assert.Contains(_validator.Validate(null, new SerialOptions { Backend = SerialBackend.Device }).Failures!, f => f.Contains("Ports is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void InputLines_EndAfterCrLfOrCrLf_AndKeepTheRest()
    {
        var pieces = SerialInputLines.Split("ls\r\ncd /\rpwd\nun"u8.ToArray()).Select(p => System.Text.Encoding.ASCII.GetString(p.Span)).ToList();
        Assert.Equal(["ls\r\n", "cd /\r", "pwd\n", "un"], pieces);
        Assert.Equal(["x"], SerialInputLines.Split("x"u8.ToArray()).Select(p => System.Text.Encoding.ASCII.GetString(p.Span)));
    }
}
