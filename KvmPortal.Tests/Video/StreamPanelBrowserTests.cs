using KvmPortal.Audit;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Video;

/// <summary>
/// The View menu's Stream panel in Debian's Chromium, on the simulated target over H.264 (openh264): the H.264 bitrate slider moved
/// with the keyboard changes the running broadcaster's bitrate, the picture keeps coming (a new key frame), and the change is in the
/// audit trail. Screenshots of the panel (1600x900 and 390x844, light and dark) into artifacts/screenshots.
/// </summary>
[Trait("Category", "Browser")]
public sealed class StreamPanelBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{

    [Fact]
    public async Task Operator_ChangesTheH264Bitrate_FromTheStreamPanel_AppliedAndAudited()
    {
        var h264 = App.Services.GetRequiredService<H264Broadcaster>();
        Target.SetPowerButton(true);
        Target.SetPowerButton(false);

        var (_, page) = await OpenConsoleAsync("admin");
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
        await WaitUntilAsync(() => h264.GetState().Units > unitsBefore); // re-encoded as a key frame at the new bitrate
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.codec === 'h264'");

        await App.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var audit = await page.EvaluateAsync<string>("async () => await (await fetch('/api/audit?action=settings.changed')).text()");
        Assert.Contains("h264_bitrate 5000 → 4750", audit, StringComparison.Ordinal); // each key press is one change on release
        Assert.Contains("h264_bitrate 4750 → 4500", audit, StringComparison.Ordinal);

        await Screenshots.TakeAsync(page, "console-stream-panel-light.png");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-phone-light.png");
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        Assert.True(await ToggleThemeAsync(page));
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-dark.png");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ConsoleMenu.OpenAsync(page, "view");
        await Screenshots.TakeAsync(page, "console-stream-panel-phone-dark.png");
    }
}
