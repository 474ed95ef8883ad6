using System.Text.Json.Nodes;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Qemu;

/// <summary>The QMP client and the launcher against a real qemu-system-x86_64 (TCG, no guest needed).</summary>
[Trait("Category", "Qemu")]
public sealed class QemuRealQmpTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private QemuMachine _machine = null!;

    public async Task InitializeAsync()
    {
        QemuTestTools.RequireTools();
        _machine = new QemuMachine(Options.Create(new QemuOptions
        {
            Enabled = true,
            StartVm = true,
            QemuBinary = QemuTestTools.QemuBinary,
            QmpSocket = Path.Combine(_dir.Path, "qmp.sock"),
            MemoryMb = 32,
        }));
        await _machine.EnsureProcessAsync();
    }

    public async Task DisposeAsync() => await _machine.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LaunchedVmStartsHaltedAndReportsResumeStopAndResetEvents()
    {
        var events = new List<string>();
        _machine.Qmp.EventReceived += (_, e) =>
        {
            lock (events)
            {
                events.Add(e.Name);
            }
        };

        Assert.Equal("prelaunch", await _machine.RefreshStatusAsync());
        Assert.False(_machine.Running);
        Assert.StartsWith("7.", _machine.Qmp.QemuVersion ?? "", StringComparison.Ordinal);

        await _machine.ExecuteAsync("cont");
        Assert.Equal("running", await _machine.RefreshStatusAsync());
        Assert.True(_machine.Running);
        await _machine.ExecuteAsync("stop");
        await _machine.ExecuteAsync("system_reset");
        Assert.Equal("prelaunch", await _machine.RefreshStatusAsync());

        // Events may trail the command answers by a moment.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!timeout.IsCancellationRequested)
        {
            lock (events)
            {
                if (events.Contains("RESET"))
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        lock (events)
        {
            Assert.Equal(["RESUME", "STOP", "RESET"], events.Where(e => e is "RESUME" or "STOP" or "RESET"));
        }
    }

    [Fact]
    public async Task UnknownCommandsAndDevicesAreQmpErrors()
    {
        var unknown = await Assert.ThrowsAsync<QmpException>(() => _machine.ExecuteAsync("no-such-command"));
        Assert.Equal("CommandNotFound", unknown.ErrorClass);
        var device = await Assert.ThrowsAsync<QmpException>(() => _machine.ExecuteAsync("eject", new JsonObject { ["device"] = "nope" }));
        Assert.Equal("DeviceNotFound", device.ErrorClass);
    }

    [Fact]
    public async Task QemuAcceptsEveryQcodeOfTheKeyMap()
    {
        await _machine.ExecuteAsync("cont");
        var rejected = new List<string>();
        foreach (var (code, qcode) in QemuKeyMap.All)
        {
            try
            {
                await _machine.ExecuteAsync("input-send-event", new JsonObject
                {
                    ["events"] = new JsonArray(QemuHidOutput.KeyEvent(qcode, true), QemuHidOutput.KeyEvent(qcode, false)),
                });
            }
            catch (QmpException ex)
            {
                rejected.Add($"{code}→{qcode}: {ex.Message}");
            }
        }

        Assert.Empty(rejected);
    }

    [Fact]
    public async Task QemuAcceptsPointerButtonAndWheelEvents()
    {
        await _machine.ExecuteAsync("cont");
        JsonArray events =
        [
            QemuHidOutput.AxisEvent("abs", "x", 32767), QemuHidOutput.AxisEvent("abs", "y", 0),
            QemuHidOutput.AxisEvent("rel", "x", -5), QemuHidOutput.AxisEvent("rel", "y", 5),
        ];
        foreach (var button in new[] { "left", "right", "middle", "side", "extra", "wheel-up", "wheel-down" })
        {
            events.Add(QemuHidOutput.ButtonEvent(button, true));
            events.Add(QemuHidOutput.ButtonEvent(button, false));
        }

        await _machine.ExecuteAsync("input-send-event", new JsonObject { ["events"] = events });
    }

    [Fact]
    public async Task FlashImageIsHotPluggedAndUnpluggedOnTheUsbBus()
    {
        using var media = await QemuMedia.CreateAsync(_dir.Path, _machine, "disk.img", 1024 * 1024);
        var msd = media.Msd;

        await msd.SetImageAsync("disk.img", MsdMode.Flash, readOnly: true);
        await msd.ConnectAsync();
        var blocks = (await _machine.ExecuteAsync("query-block"))!.AsArray();
        Assert.Contains(blocks, b => b!["inserted"]?["file"]?.ToString() == Path.Combine(media.Library.Directory, "disk.img"));
        var devices = (await _machine.ExecuteAsync("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }))!.AsArray();
        Assert.Contains(devices, d => d!["name"]!.ToString() == "usbdisk0");

        await msd.DisconnectAsync();
        devices = (await _machine.ExecuteAsync("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }))!.AsArray();
        Assert.DoesNotContain(devices, d => d!["name"]!.ToString() == "usbdisk0");

        // Attach again: the node name and device id are free again.
        await msd.ConnectAsync();
        await msd.DisconnectAsync();
    }

    [Fact]
    public async Task InsertedCdIsPutBackWhenKvmPortalHasToStartQemuAgain()
    {
        using var media = await QemuMedia.CreateAsync(_dir.Path, _machine, "kvmtest.iso", QemuTestTools.BuildTestIsoAsync);
        var msd = media.Msd;
        await msd.SetImageAsync("kvmtest.iso", MsdMode.CdRom, readOnly: true);
        await msd.ConnectAsync();

        var disconnects = 0;
        _machine.Qmp.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        await _machine.QuitAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (Volatile.Read(ref disconnects) == 0 && !timeout.IsCancellationRequested)
            {
                await Task.Delay(10);
            }
        }

        Assert.Equal(1, Volatile.Read(ref disconnects)); // the old QEMU is gone
        Assert.False(_machine.Running);
        Assert.Equal("prelaunch", await _machine.RefreshStatusAsync()); // started again, halted

        var blocks = (await _machine.ExecuteAsync("query-block"))!.AsArray();
        var cd = blocks.Single(b => b!["device"]!.ToString() == "cd0");
        Assert.Equal(Path.Combine(media.Library.Directory, "kvmtest.iso"), cd!["inserted"]?["file"]?.ToString());
        Assert.True(msd.State.Connected);
        Assert.Null(msd.State.Error);
    }
}
