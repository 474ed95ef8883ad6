using System.IO.Ports;
using System.Text;
using KvmPortal.Hardware.Serial;
using KvmPortal.Tests.Kernel.Msd;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KvmPortal.Tests.Kernel.Serial;

/// <summary>
/// KvmPortal's Device serial backend on a real tty driver: the ACM gadget (the target's /dev/ttyGSn) and cdc_acm's /dev/ttyACMn
/// (KvmPortal's adapter) on the VM lab's kernel. Bytes both ways, the configured baud rate and framing reach the driver, and an
/// unplug (gadget unbind) and replug is survived: the port reconnects by itself and the same subscriber sees bytes again.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class SerialAcmKernelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task AcmAdapter_BytesBothWays_BaudRate_AndUnplugReplugReconnects()
    {
        KernelTest.RequireVmLab();
        using var temp = new TempDirectory();
        using var gadget = AcmGadget.Create();
        var hostTty = await Shell.WaitForAsync("the host's /dev/ttyACMn", Wait, AcmGadget.FindHostTty);
        var port = new SerialPortOptions { Name = "acm", Device = hostTty, BaudRate = 57600 };
        var options = new SerialOptions { Backend = SerialBackend.Device, ReopenIntervalMs = 200 };
        options.Ports.Add(port);
        await using var console = new DeviceSerialConsole(port, options, new SerialRingLog(temp.Path, "acm", 1024 * 1024), TimeProvider.System,
            NullLogger<DeviceSerialConsole>.Instance);
        console.Start();
        await WaitUntilAsync(() => console.State.Connected, "the port to connect");
        using var subscription = console.Subscribe(0);

        // The line settings reached the driver (cdc_acm turns them into SET_LINE_CODING for the adapter).
        var stty = Shell.Check($"stty -F {hostTty} -a");
        Assert.Contains("speed 57600 baud", stty, StringComparison.Ordinal);
        Assert.Contains("cs8", stty, StringComparison.Ordinal);
        Assert.Contains("-parenb", stty, StringComparison.Ordinal);
        Assert.Contains("-cstopb", stty, StringComparison.Ordinal);

        using (var target = OpenTarget(gadget.GadgetTty))
        {
            await ExchangeAsync(console, subscription, target, "first");
        }

        // Unplug: the host's node disappears, the port notices and says so.
        var unplugged = DateTime.UtcNow;
        gadget.Unbind();
        await WaitUntilAsync(() => !console.State.Connected, "the port to notice the unplug");
        Assert.NotNull(console.State.Detail);
        System.Console.WriteLine($"serial_acm_unplug_noticed_ms: {(DateTime.UtcNow - unplugged).TotalMilliseconds:0} ({console.State.Detail})");
        await Assert.ThrowsAsync<SerialUnavailableException>(async () => await console.WriteAsync("x"u8.ToArray(), CancellationToken.None));

        // Replug: it reconnects by itself; the same subscriber sees the target again.
        var plugged = DateTime.UtcNow;
        gadget.Bind();
        await WaitUntilAsync(() => console.State.Connected, "the port to reconnect after the replug");
        System.Console.WriteLine($"serial_acm_replug_reconnected_ms: {(DateTime.UtcNow - plugged).TotalMilliseconds:0}");
        using (var target = OpenTarget(gadget.GadgetTty))
        {
            await ExchangeAsync(console, subscription, target, "second");
        }

        var log = Encoding.UTF8.GetString([.. console.Log.ReadRecords().SelectMany(r => r.Data)]);
        Assert.Contains("target says first: grüß dich", log, StringComparison.Ordinal);
        Assert.Contains("target says second: grüß dich", log, StringComparison.Ordinal);
    }

    private static SerialPort OpenTarget(string tty)
    {
        // System.IO.Ports puts the gadget's tty in raw mode (no echo, no line editing), as a server's getty would not: fine for bytes.
        var target = new SerialPort(tty, 57600) { ReadTimeout = 10_000, WriteTimeout = 10_000 };
        target.Open();
        return target;
    }

    private static async Task ExchangeAsync(DeviceSerialConsole console, SerialSubscription subscription, SerialPort target, string round)
    {
        // Target to KvmPortal.
        var text = $"target says {round}: grüß dich\r\n";
        target.BaseStream.Write(Encoding.UTF8.GetBytes(text));
        target.BaseStream.Flush();
        var received = new List<byte>();
        using (var timeout = new CancellationTokenSource(Wait))
        {
            while (!Encoding.UTF8.GetString([.. received]).Contains(text, StringComparison.Ordinal))
            {
                var chunk = await subscription.Output.ReadAsync(timeout.Token);
                received.AddRange(chunk.ToArray());
            }
        }

        // KvmPortal to target, every byte value.
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await console.WriteAsync(bytes, CancellationToken.None);
        var got = new byte[bytes.Length];
        var read = 0;
        while (read < got.Length)
        {
            read += target.BaseStream.Read(got, read, got.Length - read);
        }

        Assert.Equal(bytes, got);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {Wait.TotalSeconds} s for {what}; kernel log tail:\n{Shell.Run("dmesg | tail -25").Output}");
            }

            await Task.Delay(100);
        }
    }
}
