using KvmPortal.Auth;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// The server's H.264 encoder fails for good (here: the configured M2M node is no encoder, so the encode and its retry fail):
/// the console in Debian's Chromium, asking for H.264, is told why over the frame socket, shows MJPEG by itself, and the View
/// menu says the server's encoder failed (not that the browser cannot decode). Screenshots of that note, 1600x900 and 390x844,
/// light and dark, go to the screenshots folder (<see cref="Screenshots"/>).
/// </summary>
[Trait("Category", "Browser")]
public sealed class H264FailureBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    [Fact]
    public async Task EncoderFailure_ConsoleFallsBackToMjpeg_AndTheViewMenuSaysTheServersEncoderFailed()
    {
        Target.SetPowerButton(true);
        Target.SetPowerButton(false);
        foreach (var size in new[] { Desktop, Phone })
        {
            var (_, page) = await OpenConsoleAsync("oscar", size);
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.codec === 'mjpeg'", null, new() { Timeout = 20_000 });
            var fallback = await page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=console-screen]').dataset.codecFallback ?? null");
            output.WriteLine($"{size.Width}x{size.Height}: fallback reason: {fallback}");
            Assert.StartsWith("server: H.264 encoder failed: ", fallback, StringComparison.Ordinal);
            Assert.Contains("/dev/null", fallback, StringComparison.Ordinal);

            await ConsoleMenu.OpenAsync(page, "view");
            var note = page.Locator("[data-testid=codec-fallback]");
            await note.ScrollIntoViewIfNeededAsync();
            Assert.Contains("server's H.264 encoder failed", await note.InnerTextAsync(), StringComparison.Ordinal);
            await Screenshots.TakeAsync(page, $"view-codec-h264-failed-{size.Width}x{size.Height}-light.png");
            Assert.True(await ToggleThemeAsync(page), "the dark theme");
            await Screenshots.TakeAsync(page, $"view-codec-h264-failed-{size.Width}x{size.Height}-dark.png");
            Assert.False(await ToggleThemeAsync(page), "back to the light theme");
        }

        Assert.Contains("/dev/null", App.Services.GetRequiredService<H264Broadcaster>().GetState().Error, StringComparison.Ordinal);
    }

    protected override KvmAppFactory Configure(KvmAppFactory app) =>
        app.With("KvmPortal:Video:H264:Encoder", "M2m").With("KvmPortal:Video:H264:M2mDevice", "/dev/null");
}
