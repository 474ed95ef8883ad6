using System.Text.Json.Nodes;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Qemu;

/// <summary>The QEMU backends against a fake QEMU: which QMP commands they send, in what order, with what arguments.</summary>
public sealed class QemuBackendTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeQemuVm _vm = null!;
    private QemuMachine _machine = null!;

    public Task InitializeAsync()
    {
        var socket = Path.Combine(_dir.Path, "qmp.sock");
        _vm = new FakeQemuVm(socket);
        _machine = new QemuMachine(Options.Create(new QemuOptions { Enabled = true, StartVm = false, QmpSocket = socket, CommandTimeoutSeconds = 30 }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _machine.DisposeAsync();
        await _vm.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PowerOnContinuesAHaltedVmAndTheLedFollowsTheRunState()
    {
        var atx = new QemuAtxPower(_machine, TimeProvider.System);

        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));

        Assert.True(atx.State.PowerLed);
        Assert.Equal(["cont"], _vm.LogNames);
        Assert.False(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));
        Assert.Equal(["cont"], _vm.LogNames);
    }

    [Fact]
    public async Task SoftOffIsAcpiPowerdownAndHardOffStopsAndResets()
    {
        _vm.Status = "running";
        var atx = new QemuAtxPower(_machine, TimeProvider.System);

        Assert.True(await atx.PowerAsync(AtxPowerAction.Off, wait: true, CancellationToken.None));
        Assert.True(atx.State.PowerLed); // the guest decides when to power off
        Assert.True(await atx.PowerAsync(AtxPowerAction.OffHard, wait: true, CancellationToken.None));

        Assert.False(atx.State.PowerLed);
        Assert.Equal(["system_powerdown", "stop", "system_reset"], _vm.LogNames);
        Assert.Equal("prelaunch", _vm.Status);
    }

    [Fact]
    public async Task PowerOnAfterAGuestShutdownResetsFirst()
    {
        _vm.Status = "shutdown";
        var atx = new QemuAtxPower(_machine, TimeProvider.System);

        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));

        Assert.Equal(["system_reset", "cont"], _vm.LogNames);
        Assert.True(atx.State.PowerLed);
    }

    [Fact]
    public async Task ASecondActionWhileOneRunsIsBusy()
    {
        _vm.Status = "running";
        _vm.Holding.Add("system_reset");
        var atx = new QemuAtxPower(_machine, TimeProvider.System);

        await atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
        Assert.True(atx.State.Busy);
        await Assert.ThrowsAsync<AtxBusyException>(() => atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None));
        while (!_vm.Held.ContainsKey("system_reset"))
        {
            await Task.Delay(10);
        }

        await _vm.ReleaseAsync("system_reset");
        while (atx.State.Busy)
        {
            await Task.Delay(10);
        }

        Assert.Equal(["system_reset"], _vm.LogNames);
    }

    [Fact]
    public async Task HidSendsQcodesAbsoluteAxesWheelClicksAndReleasesEverything()
    {
        _vm.Status = "running";
        await _machine.RefreshStatusAsync();
        // A clock that stands still: on a loaded machine the real one can age the queued events past the one-second stale-input limit,
        // and the backend then rightly drops them as stale (that limit is not what this test is about).
        await using var hid = new QemuHidOutput(_machine, new ManualTimeProvider());

        Assert.True(hid.SendKey("ShiftLeft", true));
        Assert.True(hid.SendKey("KeyA", true));
        hid.SendAbsoluteMove(40000, -5);
        hid.SendMouseButton(MouseButtons.Left | MouseButtons.Back, true);
        hid.SendRelativeMove(-3, 7);
        hid.SendWheel(-2, 0);
        hid.ReleaseAll();
        await hid.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var sent = _vm.Log.Select(c => c["arguments"]!["events"]!.AsArray()).ToArray();
        Assert.All(_vm.LogNames, n => Assert.Equal("input-send-event", n));
        Assert.Equal(7, sent.Length);
        Assert.Equal("shift", sent[0][0]!["data"]!["key"]!["data"]!.ToString());
        Assert.True(sent[0][0]!["data"]!["down"]!.GetValue<bool>());
        Assert.Equal("a", sent[1][0]!["data"]!["key"]!["data"]!.ToString());
        Assert.Equal([("abs", "x", 32767), ("abs", "y", 0)], sent[2].Select(Axis));
        Assert.Equal((32767, 0), hid.AbsolutePosition);
        Assert.Equal(["left:True", "side:True"], sent[3].Select(Button));
        Assert.Equal([("rel", "x", -3), ("rel", "y", 7)], sent[4].Select(Axis));
        Assert.Equal(["wheel-down:True", "wheel-down:False", "wheel-down:True", "wheel-down:False"], sent[5].Select(Button));
        var released = sent[6].Select(e => e!["data"]!["key"]?["data"]?.ToString() ?? e!["data"]!["button"]!.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "left", "shift", "side"], released);
        Assert.All(sent[6], e => Assert.False(e!["data"]!["down"]!.GetValue<bool>()));
        Assert.Equal(HidBackend.Qemu, hid.State.Backend);
        Assert.True(hid.State.HostConnected);
    }

    [Fact]
    public async Task HidDropsInputWhileTheVmIsOff()
    {
        await _machine.RefreshStatusAsync();
        await using var hid = new QemuHidOutput(_machine, TimeProvider.System);

        Assert.True(hid.SendKey("KeyA", true));
        Assert.True(hid.SendKey("KeyA", false));
        await hid.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(_vm.LogNames);
        Assert.Equal(2, hid.Dropped);
        Assert.False(hid.State.HostConnected);
    }

    [Fact]
    public async Task CdImageGoesIntoTheCdDriveAndIsForceEjected()
    {
        using var media = await QemuMedia.CreateAsync(_dir.Path, _machine, "os.iso", 700 * 1024);
        var msd = media.Msd;

        await msd.SetImageAsync("os.iso", MsdMode.CdRom, readOnly: true);
        await msd.ConnectAsync();
        await msd.DisconnectAsync();

        var log = _vm.Log.ToArray();
        Assert.Equal(["blockdev-change-medium", "eject"], log.Select(c => c["execute"]!.ToString()));
        Assert.Equal("cd0", log[0]["arguments"]!["device"]!.ToString());
        Assert.Equal(Path.Combine(media.Library.Directory, "os.iso"), log[0]["arguments"]!["filename"]!.ToString());
        Assert.Equal("read-only", log[0]["arguments"]!["read-only-mode"]!.ToString());
        Assert.True(log[1]["arguments"]!["force"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FlashImageIsHotPluggedAsUsbStorage()
    {
        using var media = await QemuMedia.CreateAsync(_dir.Path, _machine, "disk.img", 64 * 1024);
        var msd = media.Msd;

        await msd.SetImageAsync("disk.img", MsdMode.Flash, readOnly: false);
        await msd.ConnectAsync();

        var log = _vm.Log.ToArray();
        Assert.Equal(["blockdev-add", "device_add"], log.Select(c => c["execute"]!.ToString()));
        Assert.False(log[0]["arguments"]!["read-only"]!.GetValue<bool>());
        Assert.Equal("usb-storage", log[1]["arguments"]!["driver"]!.ToString());
        Assert.Equal(log[0]["arguments"]!["node-name"]!.ToString(), log[1]["arguments"]!["drive"]!.ToString());
        Assert.True(msd.State.Connected);
    }

    [Fact]
    public async Task RefusedMediumChangeIsAKernelErrorAndLeavesTheDriveDisconnected()
    {
        using var media = await QemuMedia.CreateAsync(_dir.Path, _machine, "os.iso", 700 * 1024);
        var msd = media.Msd;
        _vm.Failing.Add("blockdev-change-medium");

        await msd.SetImageAsync("os.iso", MsdMode.CdRom, readOnly: true);
        var ex = await Assert.ThrowsAsync<MsdException>(() => msd.ConnectAsync());

        Assert.Equal(MsdErrorCode.KernelError, ex.Code);
        Assert.Contains("refused by the fake", ex.Message, StringComparison.Ordinal);
        Assert.False(msd.State.Connected);
        Assert.NotNull(msd.State.Error);
    }

    [Fact]
    public async Task VideoHasNoSignalWhileTheVmIsHalted()
    {
        using var video = new QemuVideoSource(_machine, TimeProvider.System);

        var result = video.Capture(new VideoCaptureRequest(0, 0, 4), CancellationToken.None);

        Assert.Equal(VideoSignalState.NoSignal, result.State);
        Assert.Null(result.Frame);
        Assert.DoesNotContain("screendump", _vm.LogNames);
        await Task.CompletedTask;
    }

    private static (string, string, int) Axis(JsonNode? e) =>
        (e!["type"]!.ToString(), e["data"]!["axis"]!.ToString(), e["data"]!["value"]!.GetValue<int>());

    private static string Button(JsonNode? e) => $"{e!["data"]!["button"]}:{e["data"]!["down"]!.GetValue<bool>()}";
}
