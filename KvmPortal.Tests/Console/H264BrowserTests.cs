using KvmPortal.Hardware.Simulation;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// H.264 in Debian's Chromium through WebCodecs: the console shows the simulated target (canvas pixels compared with the target's
/// own rendering), a second viewer joining mid-stream starts on a key frame, the View menu switches to MJPEG and back (remembered
/// in the browser), and without <c>VideoDecoder</c> (or with one that cannot be configured) the console falls back to MJPEG by itself.
/// Writes screenshots of the View menu's codec choice (1600x900 and 390x844, light and dark) to the test output folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class H264BrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    // Records the type of every chunk handed to the decoder and every decoder error, before the page's own script runs.
    private const string DecodeSpy = """
        window.__chunks = []; window.__decodeErrors = [];
        if (window.VideoDecoder) {
          const decode = VideoDecoder.prototype.decode;
          VideoDecoder.prototype.decode = function (chunk) { window.__chunks.push(chunk.type); return decode.call(this, chunk); };
          const Original = window.VideoDecoder;
          window.VideoDecoder = class extends Original {
            constructor(init) { super({ output: init.output, error: (e) => { window.__decodeErrors.push(String(e)); init.error(e); } }); }
          };
        }
        """;

    [Fact]
    public async Task H264_ShowsTheTarget_ASecondViewerStartsOnAKeyFrame_AndTheViewMenuSwitchesToMjpegAndBack()
    {
        var target = await PoweredTargetAsync();
        var (context, page) = await OpenAsync(1600, 900, DecodeSpy);
        await using var _ = context;
        await WaitCodecAsync(page, "h264");
        await AssertShowsTargetAsync(page, target, "h264");

        // Mid-stream: typing makes P-frames for the first viewer; then a second one joins.
        for (var i = 0; i < 5; i++)
        {
            target.KeyboardReport([0, 0, (byte)(0x04 + i), 0, 0, 0, 0, 0]);
            target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
            await Task.Delay(100);
        }

        await page.WaitForFunctionAsync("() => window.__chunks.includes('delta')");
        var (second, viewer) = await OpenAsync(1600, 900, DecodeSpy);
        await using var __ = second;
        await WaitCodecAsync(viewer, "h264");
        var chunks = await viewer.EvaluateAsync<string[]>("() => window.__chunks");
        output.WriteLine($"second viewer's chunks: {string.Join(",", chunks)}");
        Assert.Equal("key", chunks[0]);
        Assert.Empty(await viewer.EvaluateAsync<string[]>("() => window.__decodeErrors"));
        await AssertShowsTargetAsync(viewer, target, "h264");
        await viewer.Locator("[data-testid=video-codec]").GetByText("H.264").WaitForAsync();

        // The View menu: MJPEG, remembered in this browser for this user (another account in the same browser keeps its own), and back to H.264.
        await ConsoleMenu.OpenAsync(page, "view");
        await page.Locator("[data-testid=codec-h264][aria-pressed=true]").WaitForAsync();
        await page.Locator("[data-testid=codec-mjpeg]").ClickAsync();
        await WaitCodecAsync(page, "mjpeg");
        await AssertShowsTargetAsync(page, target, "mjpeg");
        Assert.Equal("mjpeg", await page.EvaluateAsync<string>("() => localStorage.getItem('kvm.video.codec:oscar')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('kvm.video.codec')"));
        await page.ReloadAsync();
        await BrowserSignIn.WaitInteractiveAsync(page);
        await WaitCodecAsync(page, "mjpeg");
        await ConsoleMenu.OpenAsync(page, "view");
        await page.Locator("[data-testid=codec-mjpeg][aria-pressed=true]").WaitForAsync();
        await page.Locator("[data-testid=codec-h264]").ClickAsync();
        await WaitCodecAsync(page, "h264");
        await AssertShowsTargetAsync(page, target, "h264");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__decodeErrors"));
    }

    [Theory]
    [InlineData("delete window.VideoDecoder;", "no VideoDecoder")]
    [InlineData("window.VideoDecoder = class extends VideoDecoder { configure() { throw new DOMException('unsupported', 'NotSupportedError'); } };", "configure")]
    public async Task WithoutAWorkingVideoDecoder_TheConsoleFallsBackToMjpegByItself(string script, string reason)
    {
        var target = await PoweredTargetAsync();
        var (context, page) = await OpenAsync(1600, 900, script);
        await using var _ = context;
        await WaitCodecAsync(page, "mjpeg");
        await AssertShowsTargetAsync(page, target, "mjpeg");
        var fallback = await page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=console-screen]').dataset.codecFallback ?? null");
        output.WriteLine($"fallback reason: {fallback}");
        if (reason == "configure")
        {
            Assert.Contains(reason, fallback, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ViewMenuCodecChoice_Screenshots()
    {
        await PoweredTargetAsync();
        foreach (var (width, height) in new[] { (1600, 900), (390, 844) })
        {
            var (context, page) = await OpenAsync(width, height, null);
            await using var _ = context;
            await WaitCodecAsync(page, "h264");
            await ConsoleMenu.OpenAsync(page, "view");
            await page.Locator("[data-testid=codec-panel]").ScrollIntoViewIfNeededAsync();
            await ShotAsync(page, $"view-codec-{width}x{height}-light.png");
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
            await page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'");
            await ShotAsync(page, $"view-codec-{width}x{height}-dark.png");
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        }
    }

    /// <summary>Compares the canvas with the target's own rendering (sampled every 4th pixel) until they agree, within 15 s.</summary>
    private async Task AssertShowsTargetAsync(IPage page, SimulatedTarget display, string codec)
    {
        double diff = double.MaxValue;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var reference = new byte[display.Width * display.Height * 3];
            display.RenderRgb24(reference);
            var canvas = Convert.FromBase64String(await page.EvaluateAsync<string>("""
                () => {
                  const c = document.querySelector('[data-testid=console-screen] canvas');
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  const out = [];
                  for (let y = 0; y < c.height; y += 4) for (let x = 0; x < c.width; x += 4) { const i = (y * c.width + x) * 4; out.push(d[i], d[i + 1], d[i + 2]); }
                  let s = ''; for (const b of out) s += String.fromCharCode(b); return btoa(s);
                }
                """));
            long sum = 0, n = 0;
            for (int y = 0, k = 0; y < display.Height; y += 4)
            {
                for (var x = 0; x < display.Width; x += 4, k += 3)
                {
                    var i = ((y * display.Width) + x) * 3;
                    if (k + 2 >= canvas.Length)
                    {
                        break;
                    }

                    sum += Math.Abs(canvas[k] - reference[i]) + Math.Abs(canvas[k + 1] - reference[i + 1]) + Math.Abs(canvas[k + 2] - reference[i + 2]);
                    n += 3;
                }
            }

            diff = n == 0 ? double.MaxValue : (double)sum / n;
            if (canvas.Length == display.Width / 4 * (display.Height / 4) * 3 && diff < 6)
            {
                output.WriteLine($"{codec}: mean absolute difference {diff:0.00} per channel");
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{codec}: the canvas does not show the target (mean absolute difference {diff:0.00} per channel)");
    }

    private static async Task WaitCodecAsync(IPage page, string codec) =>
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=console-screen]').dataset.codec === '{codec}'", null, new() { Timeout = 20_000 });

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(int width, int height, string? initScript)
    {
        var context = await NewContextAsync(new(width, height));
        if (initScript is not null)
        {
            await context.AddInitScriptAsync(initScript);
        }

        return (context, await SignInAsync(context, "oscar"));
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name) });
    }
}
