using System.Diagnostics;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Qemu;

/// <summary>The Qemu profile's four backends against a real QEMU (TCG) booting the boot-sector test ISO from the virtual CD.</summary>
[Trait("Category", "Qemu")]
public sealed class QemuEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan ScreenTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BootsTheTestIsoFromTheVirtualCdEchoesTypedKeysAndLosesSignalWhenPoweredOff()
    {
        QemuTestTools.RequireTools();
        var images = Path.Combine(_dir.Path, "images");
        Directory.CreateDirectory(images);
        await QemuTestTools.BuildTestIsoAsync(Path.Combine(images, "kvmtest.iso"));
        var options = new QemuOptions
        {
            Enabled = true,
            QmpSocket = Path.Combine(_dir.Path, "qmp.sock"),
            StartVm = true,
            QemuBinary = QemuTestTools.QemuBinary,
            MemoryMb = 64,
            ScreendumpFps = 4,
            ScreendumpDirectory = _dir.Path,
        };
        var time = TimeProvider.System;
        await using var machine = new QemuMachine(Options.Create(options), null, time);
        using var library = new ImageLibrary(new MsdOptions { ImagesDirectory = images });
        using var msd = new QemuMassStorage(library, machine);
        await using var hid = new QemuHidOutput(machine, time);
        var atx = new QemuAtxPower(machine, time);
        using var video = new QemuVideoSource(machine, time);
        var request = new VideoCaptureRequest(0, 0, 4);
        var clock = Stopwatch.StartNew();

        await msd.SetImageAsync("kvmtest.iso", MsdMode.CdRom, readOnly: true);
        await msd.ConnectAsync();
        Assert.True(msd.State.Connected);
        Assert.Equal(MsdBackend.Qemu, msd.State.Backend);
        output.WriteLine($"QEMU started (halted) and ISO inserted after {clock.ElapsedMilliseconds} ms");

        Assert.False(atx.State.PowerLed);
        Assert.Equal(VideoSignalState.NoSignal, video.Capture(request, CancellationToken.None).State);
        Assert.False(hid.State.HostConnected);

        clock.Restart();
        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));
        Assert.True(atx.State.PowerLed);
        Assert.False(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));

        var banner = await WaitForTextAsync(video, request, "PORTAL TEST BOOT");
        output.WriteLine($"banner seen {clock.ElapsedMilliseconds} ms after power on:\n{banner}");
        Assert.Contains("TYPED:", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("hello", banner, StringComparison.Ordinal);
        Assert.True(hid.State.HostConnected);

        clock.Restart();
        foreach (var letter in "hello")
        {
            var code = "Key" + char.ToUpperInvariant(letter);
            Assert.True(hid.SendKey(code, pressed: true));
            Assert.True(hid.SendKey(code, pressed: false));
        }

        Assert.False(hid.SendKey("NoSuchKey", pressed: true));
        await hid.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var echoed = await WaitForTextAsync(video, request, "TYPED: hello");
        output.WriteLine($"echo seen {clock.ElapsedMilliseconds} ms after typing:\n{echoed}");
        Assert.Equal(0, hid.Dropped);

        clock.Restart();
        Assert.True(await atx.PowerAsync(AtxPowerAction.OffHard, wait: true, CancellationToken.None));
        Assert.False(atx.State.PowerLed);
        Assert.Equal(VideoSignalState.NoSignal, video.Capture(request, CancellationToken.None).State);
        Assert.False(await atx.PowerAsync(AtxPowerAction.Off, wait: true, CancellationToken.None));
        output.WriteLine($"off_hard → no signal in {clock.ElapsedMilliseconds} ms");

        // Powering on again boots afresh (the hard off left the VM at its reset vector): the banner is back, the old echo is gone.
        clock.Restart();
        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));
        // Right after "cont" QEMU may still show the old VGA memory until SeaBIOS and the boot sector set the text mode again.
        var again = await WaitForTextAsync(video, request, "PORTAL TEST BOOT", mustNotContain: "hello");
        Assert.DoesNotContain("hello", again, StringComparison.Ordinal);
        output.WriteLine($"second boot: banner after {clock.ElapsedMilliseconds} ms; screendumps taken: {video.Screendumps}");

        await msd.DisconnectAsync();
        Assert.False(msd.State.Connected);
    }

    private async Task<string> WaitForTextAsync(QemuVideoSource video, VideoCaptureRequest request, string expected, string? mustNotContain = null)
    {
        using var timeout = new CancellationTokenSource(ScreenTimeout);
        var last = "";
        while (!timeout.IsCancellationRequested)
        {
            var result = video.Capture(request, timeout.Token);
            if (result.Frame is { } frame)
            {
                using (frame)
                {
                    last = await QemuTestTools.OcrAsync(frame, _dir.Path);
                }

                if (last.Contains(expected, StringComparison.Ordinal) && (mustNotContain is null || !last.Contains(mustNotContain, StringComparison.Ordinal)))
                {
                    return last;
                }
            }
        }

        Assert.Fail($"\"{expected}\" did not appear within {ScreenTimeout}; last OCR text:\n{last}");
        return last;
    }
}
