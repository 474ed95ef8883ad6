using System.Runtime.InteropServices;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KvmPortal.Tests.Hid;

public sealed partial class BackendTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kvmportal-hid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Simulated_DeliversReportsInOrderAndReadsLeds()
    {
        var sink = new RecordingSink { KeyboardLeds = 0x03 };
        var output = new SimulatedHidOutput(sink, TimeProvider.System);
        output.SendKey("ShiftLeft", true);
        output.SendKey("KeyH", true);
        output.SendKey("KeyH", false);
        output.SendAbsoluteMove(16384, 100);
        output.SendMouseButton(MouseButtons.Left, true);
        output.SendWheel(-1, 2);
        output.SendRelativeMove(-200, 0);
        output.SendMouseButton(MouseButtons.Right, true);
        output.ReleaseAll();

        Assert.Equal(
        [
            "k 0200000000000000", "k 02000B0000000000", "k 0200000000000000",
            "a 00004064000000", "a 01004064000000", "a 0100406400FF02",
            "r 019C000000", "r 019C000000", "r 0300000000",
            "k 0000000000000000", "a 00004064000000", "r 0000000000",
        ],
            sink.Reports.Select(r => r.Replace("a 0100406400FF02", "a 0100406400FF02", StringComparison.Ordinal)));
        Assert.Equal(KeyboardLeds.NumLock | KeyboardLeds.CapsLock, output.State.Leds);
        Assert.True(output.State.CapsLock);
    }

    [Fact]
    public async Task UsbGadget_WritesReportsToTheDeviceFiles()
    {
        var options = Files();
        using var output = new UsbGadgetHidOutput(options, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: false);
        output.SendKey("KeyA", true);
        output.SendKey("KeyA", false);
        output.SendAbsoluteMove(32767, 0);
        output.SendRelativeMove(3, -4);
        await WaitFor(() => new FileInfo(options.KeyboardDevice).Length == 16 && new FileInfo(options.RelativeMouseDevice).Length == 5);
        await WaitFor(() => new FileInfo(options.AbsoluteMouseDevice).Length == 7);
        Assert.Equal(Convert.FromHexString("00000400000000000000000000000000"), File.ReadAllBytes(options.KeyboardDevice));
        Assert.Equal(Convert.FromHexString("00FF7F00000000"), File.ReadAllBytes(options.AbsoluteMouseDevice));
        Assert.Equal(Convert.FromHexString("0003FC0000"), File.ReadAllBytes(options.RelativeMouseDevice));
        Assert.True(output.State.HostConnected);
    }

    [Fact]
    public async Task UsbGadget_MissingDevice_SaysHostNotConnected()
    {
        var options = Files();
        options.KeyboardDevice = Path.Combine(_dir, "absent");
        using var output = new UsbGadgetHidOutput(options, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: false);
        output.SendKey("KeyA", true);
        await WaitFor(() => !output.State.HostConnected && !output.State.Online);
    }

    [Fact]
    public void UsbGadget_UdcStateNotConfigured_SaysHostNotConnected()
    {
        var options = Files();
        options.SysfsRoot = Path.Combine(_dir, "sys");
        Directory.CreateDirectory(Path.Combine(options.SysfsRoot, "class/udc/fe980000.usb"));
        File.WriteAllText(Path.Combine(options.SysfsRoot, "class/udc/fe980000.usb/state"), "not attached\n");
        using var output = new UsbGadgetHidOutput(options, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: false);
        Assert.False(output.State.HostConnected);
    }

    [Fact]
    public async Task UsbGadget_StalledHost_TimesOutDropsStaleReportsAndRecovers()
    {
        var options = Files();
        options.KeyboardDevice = Path.Combine(_dir, "fifo");
        options.QueueCapacity = 4096;
        Assert.Equal(0, MkFifo(options.KeyboardDevice, 0x180));
        var reader = Open(options.KeyboardDevice, 0x800); // O_RDONLY | O_NONBLOCK: the "host" that stops reading
        try
        {
            _ = Fcntl(reader, 1031, 4096); // F_SETPIPE_SZ: one page = 512 reports
            using var output = new UsbGadgetHidOutput(options, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: false);
            const int Sent = 2000;
            for (var i = 0; i < Sent / 2; i++)
            {
                output.SendKey("KeyB", true);
                output.SendKey("KeyB", false);
            }

            await WaitFor(() => !output.State.HostConnected);

            var received = Drain(reader);
            output.SendKey("KeyC", true); // the host reads again: fresh reports go through
            await WaitFor(() => output.State.HostConnected);
            received.AddRange(await DrainUntil(reader, r => r[2] == 0x06));
            Assert.True(received.Count < Sent, $"{received.Count} reports arrived, stale ones should have been dropped");
            Assert.Equal(Convert.FromHexString("0000060000000000"), received[^1]);
        }
        finally
        {
            _ = TestLibc.Close(reader);
        }
    }

    [Fact]
    public async Task UsbGadget_ReadsLedOutputReport()
    {
        var options = Files();
        options.KeyboardDevice = Path.Combine(_dir, "kbd-fifo");
        Assert.Equal(0, MkFifo(options.KeyboardDevice, 0x180));
        using var output = new UsbGadgetHidOutput(options, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: true);
        var host = Open(options.KeyboardDevice, 0x1); // O_WRONLY: blocks until the LED reader opened the FIFO
        try
        {
            Assert.Equal(1, TestLibc.Write(host, [0x02], 1));
            await WaitFor(() => output.State.CapsLock);
            Assert.False(output.State.NumLock);
        }
        finally
        {
            _ = TestLibc.Close(host);
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++) // up to 30 s: instant when idle, slow on a loaded 2-core machine
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static List<byte[]> Drain(int fd)
    {
        var list = new List<byte[]>();
        var buffer = new byte[8];
        while (TestLibc.Read(fd, buffer, 8) == 8)
        {
            list.Add((byte[])buffer.Clone());
        }

        return list;
    }

    private static async Task<List<byte[]>> DrainUntil(int fd, Func<byte[], bool> last)
    {
        var all = new List<byte[]>();
        for (var i = 0; i < 3000; i++) // up to 30 s
        {
            all.AddRange(Drain(fd));
            if (all.Count > 0 && last(all[^1]))
            {
                break;
            }

            await Task.Delay(10);
        }

        return all;
    }

    private HidOptions Files()
    {
        var options = new HidOptions
        {
            KeyboardDevice = Path.Combine(_dir, "hidg0"),
            AbsoluteMouseDevice = Path.Combine(_dir, "hidg1"),
            RelativeMouseDevice = Path.Combine(_dir, "hidg2"),
            SysfsRoot = Path.Combine(_dir, "no-sysfs"),
        };
        File.WriteAllBytes(options.KeyboardDevice, []);
        File.WriteAllBytes(options.AbsoluteMouseDevice, []);
        File.WriteAllBytes(options.RelativeMouseDevice, []);
        return options;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, int mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int fd, int command, int argument);

    private sealed class RecordingSink : ISimulatedHidSink
    {
        public List<string> Reports { get; } = [];

        public byte KeyboardLeds { get; set; }

        public void KeyboardReport(ReadOnlySpan<byte> report) => Reports.Add("k " + Convert.ToHexString(report));

        public void AbsoluteMouseReport(ReadOnlySpan<byte> report) => Reports.Add("a " + Convert.ToHexString(report));

        public void RelativeMouseReport(ReadOnlySpan<byte> report) => Reports.Add("r " + Convert.ToHexString(report));
    }
}
