using KvmPortal.Audit;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Video;

/// <summary>
/// The View menu's Stream panel in Debian's Chromium, on the simulated target over H.264 (openh264): the H.264 bitrate slider moved
/// with the keyboard changes the running broadcaster's bitrate, the picture keeps coming (a new key frame), and the change is in the
/// audit trail. Screenshots of the panel (1600x900 and 390x844, light and dark) into artifacts/screenshots.
/// </summary>
[Trait("Category", "Browser")]
public sealed class StreamPanelBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();

    [Fact]
    public async Task Operator_ChangesTheH264Bitrate_FromTheStreamPanel_AppliedAndAudited()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        var h264 = _app.Services.GetRequiredService<H264Broadcaster>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);

        var (context, page) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, _app.ServerAddress, "admin", KvmAppFactory.AdminPassword);
        await using var _ = context;
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.codec === 'h264'", null, new() { Timeout = 20_000 });
        await ConsoleMenu.OpenAsync(page, "view");
        var bitrate = page.Locator("[data-testid=stream-panel] input[type=range]").Nth(2);
        await page.Locator("[data-testid=stream-panel]").GetByText("H.264 bitrate: 5 Mbit/s").WaitForAsync();
        long unitsBefore = h264.GetState().Units;

        await bitrate.FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Locator("[data-testid=stream-panel]").GetByText("H.264 bitrate: 4.5 Mbit/s").WaitForAsync();
        Assert.Equal(4500, h264.BitrateKbps);
        await BrowserSignIn.WaitUntilAsync(() => h264.GetState().Units > unitsBefore); // re-encoded as a key frame at the new bitrate
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.codec === 'h264'");

        await _app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var audit = await page.EvaluateAsync<string>("async () => await (await fetch('/api/audit?action=settings.changed')).text()");
        Assert.Contains("h264_bitrate 5000 → 4750", audit, StringComparison.Ordinal); // each key press is one change on release
        Assert.Contains("h264_bitrate 4750 → 4500", audit, StringComparison.Ordinal);

        await Screenshots.TakeAsync(page, "console-stream-panel-light.png");
        await page.SetViewportSizeAsync(390, 844);
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-phone-light.png");
        await page.SetViewportSizeAsync(1600, 900);
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-dark.png");
        await page.SetViewportSizeAsync(390, 844);
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-phone-dark.png");
    }

    public void Dispose() => _app.Dispose();
}
