using System.Diagnostics;
using System.Net;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KvmPortal.Tests.Simulation;

/// <summary>
/// The default profile as a whole, inside the real app: ATX, HID, virtual media and video all act on the one simulated target.
/// </summary>
public sealed class SimulatedTargetAppTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task PowerOn_Type_BootFromAttachedIso_ThenPowerOff_ShowsNoSignal()
    {
        var services = _app.Services;
        var target = services.GetRequiredService<SimulatedTarget>();
        var atx = services.GetRequiredService<IAtxPower>();
        var typer = services.GetRequiredService<HidTyper>();
        var library = services.GetRequiredService<ImageLibrary>();
        var drive = services.GetRequiredService<IMassStorage>();
        using var client = new PortalClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).StatusCode);

        // Off: no picture.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/streamer/snapshot")).StatusCode);

        // On: the screen comes up, typed text is echoed.
        await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None);
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target>", StringComparison.Ordinal));
        await typer.TypeAsync("echo hi", "en-us");
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> echo hi", StringComparison.Ordinal));
        await WaitUntilAsync(async () => (await client.GetAsync("/api/streamer/snapshot")).StatusCode == HttpStatusCode.OK);

        // An ISO attached as CD-ROM is booted from after a reset.
        var iso = MakeIso(Path.Combine(_app.DataDirectory, "rescue-src"));
        await using (var stream = File.OpenRead(iso))
        {
            var result = await library.UploadAsync(new UploadRequest { Name = "rescue.iso", TotalLength = stream.Length, BodyLength = stream.Length }, stream);
            Assert.True(result.Complete);
        }

        await drive.SetImageAsync("rescue.iso", MsdMode.CdRom, readOnly: true);
        await drive.ConnectAsync();
        await atx.PowerAsync(AtxPowerAction.ResetHard, wait: true, CancellationToken.None);
        await WaitUntilAsync(() => target.ScreenText.Contains("Booting from rescue.iso", StringComparison.Ordinal));

        // Off again: no signal.
        await atx.PowerAsync(AtxPowerAction.OffHard, wait: true, CancellationToken.None);
        Assert.False(target.HasSignal);
        await WaitUntilAsync(async () => (await client.GetAsync("/api/streamer/snapshot")).StatusCode == HttpStatusCode.ServiceUnavailable);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>A real ISO 9660 image made by xorriso, padded past the kernel's 300-sector CD-ROM minimum.</summary>
    private static string MakeIso(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "README.TXT"), "rescue disk\n");
        File.WriteAllBytes(Path.Combine(folder, "PAD.BIN"), new byte[700 * 1024]);
        var iso = folder + ".iso";
        using var xorriso = Process.Start(new ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-o", iso, folder])
        {
            RedirectStandardError = true,
        })!;
        xorriso.WaitForExit();
        Assert.True(xorriso.ExitCode == 0, "xorriso failed: " + xorriso.StandardError.ReadToEnd());
        return iso;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not met within 10 s");
    }
}
