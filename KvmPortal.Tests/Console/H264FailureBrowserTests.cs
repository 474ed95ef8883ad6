using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// The server's H.264 encoder fails for good (here: the configured M2M node is no encoder, so the encode and its retry fail):
/// the console in Debian's Chromium, asking for H.264, is told why over the frame socket, shows MJPEG by itself, and the View
/// menu says the server's encoder failed (not that the browser cannot decode). Screenshots of that note, 1600x900 and 390x844,
/// light and dark, go to the test output folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class H264FailureBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly KvmAppFactory _app = CreateApp();

    [Fact]
    public async Task EncoderFailure_ConsoleFallsBackToMjpeg_AndTheViewMenuSaysTheServersEncoderFailed()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        foreach (var (width, height) in new[] { (1600, 900), (390, 844) })
        {
            var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, HasTouch = width < 600 });
            await using var _ = context;
            var page = await BrowserSignIn.SignInAsync(context, "oscar", TestPasswords.User);
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.codec === 'mjpeg'", null, new() { Timeout = 20_000 });
            var fallback = await page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=console-screen]').dataset.codecFallback ?? null");
            output.WriteLine($"{width}x{height}: fallback reason: {fallback}");
            Assert.StartsWith("server: H.264 encoder failed: ", fallback, StringComparison.Ordinal);
            Assert.Contains("/dev/null", fallback, StringComparison.Ordinal);

            await ConsoleMenu.OpenAsync(page, "view");
            var note = page.Locator("[data-testid=codec-fallback]");
            await note.ScrollIntoViewIfNeededAsync();
            Assert.Contains("server's H.264 encoder failed", await note.InnerTextAsync(), StringComparison.Ordinal);
            await ShotAsync(page, $"view-codec-h264-failed-{width}x{height}-light.png");
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
            await page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'");
            await ShotAsync(page, $"view-codec-h264-failed-{width}x{height}-dark.png");
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        }

        Assert.Contains("/dev/null", _app.Services.GetRequiredService<H264Broadcaster>().GetState().Error, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private static KvmAppFactory CreateApp()
    {
        var app = new KvmAppFactory().With("KvmPortal:Video:H264:Encoder", "M2m").With("KvmPortal:Video:H264:M2mDevice", "/dev/null").UseRealSocket().Start();
        Assert.Empty(app.Services.GetRequiredService<UserAdministration>().CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None).GetAwaiter().GetResult());
        return app;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name) });
    }
}
