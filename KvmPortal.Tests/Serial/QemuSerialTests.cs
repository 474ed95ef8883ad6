using System.Text;
using System.Threading.Channels;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Serial;
using KvmPortal.Tests.Qemu;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Serial;

/// <summary>
/// The Qemu profile's serial console against a real QEMU (TCG): the VM's COM1 (a 16550 UART, <c>-serial unix:</c>) is port com1; a boot
/// sector that talks only on COM1 prints its banner into the port's subscribers and log, and echoes what KvmPortal writes.
/// </summary>
[Trait("Category", "Qemu")]
public sealed class QemuSerialTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>QEMU's start, a QMP command, the serial socket's connect: instant when idle, seconds on a loaded 2-core machine.</summary>
    private const int QmpPatienceSeconds = 120;

    /// <summary>Until the guest's first line (firmware, kernel decompression under TCG: seconds idle, up to minutes when loaded).</summary>
    private static readonly TimeSpan FirstOutput = TimeSpan.FromSeconds(240);

    /// <summary>The longest pause in the middle of the guest's output (a TCG kernel boot pauses for a second or two when idle).</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(90);

    /// <summary>The cap on one wait however busy the guest is.</summary>
    private static readonly TimeSpan Overall = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task VmCom1_BannerReachesTheTerminalAndLog_AndInputIsEchoed()
    {
        QemuTestTools.RequireTools();
        var images = Path.Combine(_dir.Path, "images");
        Directory.CreateDirectory(images);
        var script = Path.Combine(RepositoryRoot.Find(), "deploy", "qemu");
        var (code, _, error) = await QemuTestTools.RunAsync("/bin/sh",
            [Path.Combine(script, "build-test-iso.sh"), Path.Combine(images, "serial.iso"), Path.Combine(script, "serial-boot.asm")]);
        Assert.True(code == 0, error);
        var qemu = VmOptions(memoryMb: 64);
        Assert.Contains($"unix:{qemu.SerialSocket},server=on,wait=off", QemuArguments.Build(qemu, qemu.QmpSocket));
        await using var services = SerialServices(qemu);
        var ports = QemuSerial.Create(services);
        await using var portsLifetime = (SerialPortSet)ports;
        var com1 = Assert.Single(ports.Ports);
        Assert.Equal("com1", com1.Name);

        await using var machine = new QemuMachine(Options.Create(qemu), null, TimeProvider.System);
        using var library = new ImageLibrary(new MsdOptions { ImagesDirectory = images });
        using var msd = new QemuMassStorage(library, machine);
        var atx = new QemuAtxPower(machine, TimeProvider.System);
        await msd.SetImageAsync("serial.iso", MsdMode.CdRom, readOnly: true);
        await msd.ConnectAsync();
        using var subscription = await ConnectAsync(ports, com1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));
        var seen = new StringBuilder();
        await ReadUntilAsync(subscription, seen, "KVMPORTAL SERIAL BOOT\r\nECHO: ", FirstOutput);
        output.WriteLine($"qemu_serial_banner_after_power_on_ms: {clock.ElapsedMilliseconds}");

        await com1.WriteAsync("hello serial\r"u8.ToArray(), CancellationToken.None);
        await ReadUntilAsync(subscription, seen, "ECHO: hello serial\r\nECHO: ", Silence);
        var log = string.Concat(SerialLogText.Lines(com1.Log.ReadRecords()).Select(l => l.Text + "\n"));
        Assert.Contains("KVMPORTAL SERIAL BOOT\n", log, StringComparison.Ordinal);
        Assert.Contains("ECHO: hello serial\n", log, StringComparison.Ordinal);
        Assert.False(await com1.SendBreakAsync(CancellationToken.None)); // a socket carries no break
    }

    [Fact]
    public async Task LinuxBootedWithConsoleTtyS0_BootLogReachesTheLog()
    {
        QemuTestTools.RequireTools();
        // The VM lab's Debian kernel (deploy/vmlab/fetch-kernel.sh downloads it into the lab's cache once, shared with the lab).
        var (fetched, stdout, fetchError) = await QemuTestTools.RunAsync("/bin/bash", [Path.Combine(RepositoryRoot.Find(), "deploy", "vmlab", "fetch-kernel.sh")]);
        Assert.True(fetched == 0, "fetch-kernel.sh failed: " + fetchError);
        var kernel = stdout.Trim().Split('\n')[^1];
        Assert.True(File.Exists(kernel), kernel);
        var qemu = VmOptions(memoryMb: 256);
        // No root file system: the kernel boots, logs on ttyS0 and stops at "VFS: Unable to mount root fs" (panic=-1 would reboot).
        qemu.ExtraArgs.AddRange(["-kernel", kernel!, "-append", "console=ttyS0,115200 panic=0 loglevel=6"]);
        await using var services = SerialServices(qemu);
        await using var ports = (SerialPortSet)QemuSerial.Create(services);
        var com1 = ports.Ports[0];
        await using var machine = new QemuMachine(Options.Create(qemu), null, TimeProvider.System);
        var atx = new QemuAtxPower(machine, TimeProvider.System);
        await machine.EnsureProcessAsync(CancellationToken.None);
        using var subscription = await ConnectAsync(ports, com1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));
        var seen = new StringBuilder();
        await ReadUntilAsync(subscription, seen, "Linux version 6.", FirstOutput);
        await ReadUntilAsync(subscription, seen, "Unable to mount root fs", Silence); // the kernel talks all the way to this line
        output.WriteLine($"qemu_serial_linux_boot_log_ms: {clock.ElapsedMilliseconds}");
        var log = string.Concat(SerialLogText.Lines(com1.Log.ReadRecords()).Select(l => l.Text + "\n"));
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(log, @"(?m)^\[ *\d+\.\d+\] (Kernel c|C)ommand line: console=ttyS0,115200"),
            "no kernel command line in the port's log; its first lines:\n" + log[..Math.Min(log.Length, 3000)]);
        Assert.Contains("Unable to mount root fs", log, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The VM: QMP and COM1 on sockets in the test folder, started by KvmPortal, patient with a loaded machine.</summary>
    private QemuOptions VmOptions(int memoryMb) => new()
    {
        Enabled = true,
        QmpSocket = Path.Combine(_dir.Path, "qmp.sock"),
        SerialSocket = Path.Combine(_dir.Path, "serial.sock"),
        StartVm = true,
        QemuBinary = QemuTestTools.QemuBinary,
        MemoryMb = memoryMb,
        ScreendumpDirectory = _dir.Path,
        StartTimeoutSeconds = QmpPatienceSeconds,
        CommandTimeoutSeconds = QmpPatienceSeconds,
    };

    /// <summary>What <see cref="QemuSerial.Create"/> reads: the VM's options and the serial section (logs in the test folder).</summary>
    private ServiceProvider SerialServices(QemuOptions qemu)
    {
        var serialOptions = new SerialOptions { Backend = SerialBackend.Device, LogDirectory = Path.Combine(_dir.Path, "serial"), ReopenIntervalMs = 200 };
        return new ServiceCollection()
            .AddSingleton(Options.Create(qemu)).AddSingleton(Options.Create(serialOptions)).AddSingleton(TimeProvider.System)
            .BuildServiceProvider();
    }

    /// <summary>
    /// Reads COM1 until <paramref name="expected"/> shows up. Bounded by progress rather than by a fixed time, so a slow (loaded) machine
    /// passes and a stuck guest still fails: it gives up when the port has said nothing for <paramref name="silence"/>, or after
    /// <see cref="Overall"/> in all (a guest that talks but never says it).
    /// </summary>
    private static async Task ReadUntilAsync(SerialSubscription subscription, StringBuilder seen, string expected, TimeSpan silence)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var found = seen.ToString().Contains(expected, StringComparison.Ordinal);
        while (!found)
        {
            Assert.True(clock.Elapsed < Overall, $"COM1 kept talking for {Overall.TotalMinutes:0} min without \"{expected}\"; it sent:\n{Tail(seen)}");
            ReadOnlyMemory<byte> chunk;
            using (var quiet = new CancellationTokenSource(silence))
            {
                try
                {
                    chunk = await subscription.Output.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"COM1 said nothing for {silence.TotalSeconds:0} s ({clock.Elapsed.TotalSeconds:0} s into waiting for \"{expected}\"); it sent:\n{Tail(seen)}");
                    throw;
                }
                catch (ChannelClosedException)
                {
                    Assert.Fail($"the subscription ended (overflowed: {subscription.Overflowed}) before \"{expected}\"; it sent:\n{Tail(seen)}");
                    throw;
                }
            }

            // Only the new text (plus the end of the old one, for a match split between chunks) is searched: a boot log has thousands of chunks.
            var from = Math.Max(0, seen.Length - expected.Length);
            seen.Append(Encoding.UTF8.GetString(chunk.Span));
            found = seen.ToString(from, seen.Length - from).Contains(expected, StringComparison.Ordinal);
        }
    }

    /// <summary>Starts the ports and subscribes to COM1 once it is connected to QEMU's socket.</summary>
    private static async Task<SerialSubscription> ConnectAsync(ISerialPorts ports, ISerialConsole com1)
    {
        ports.Start();
        await WaitUntilAsync(() => com1.State.Connected, "com1 to connect to QEMU's socket");
        return com1.Subscribe(0);
    }

    private static string Tail(StringBuilder seen) => seen.Length <= 4000 ? seen.ToString() : "…" + seen.ToString(seen.Length - 4000, 4000);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(QmpPatienceSeconds))
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), $"waited {QmpPatienceSeconds} s for {what}");
    }
}
