using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Vnc;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// noVNC (npm @novnc/novnc) in Debian's Chromium against <c>/vnc/websockify</c>: the page runs on the portal's origin with the
/// sign-in cookie, noVNC authenticates with VeNCrypt Plain, shows the target's picture (compared pixel by pixel with the server's
/// frame), types and clicks into the simulated target, follows a resolution change, and its disconnect is audited.
/// </summary>
[Collection(VncTests.Name)]
[Trait("Category", "Browser")]
public sealed class VncNoVncBrowserTests(VncTestApp app, NoVncChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<NoVncChromiumFixture>
{
    private const double MaxMeanDifference = 6;

    [Fact]
    public async Task NoVnc_ConnectsWithTheSignedInUsersCredentials_ShowsTypesClicksResizes_AndDisconnectIsAudited()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = app.Factory.ServerAddress.ToString(), ViewportSize = new() { Width = 1800, Height = 1100 } });
        await context.RouteAsync(NoVncPage.Route, NoVncPage.ServeAsync);
        var page = await BrowserSignIn.SignInAsync(context, "otto", TestPasswords.User);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => output.WriteLine("console: " + m.Text);
        page.WebSocket += (_, ws) => { output.WriteLine("ws: " + ws.Url); ws.SocketError += (_, e) => output.WriteLine("ws error: " + e); };
        await page.GotoAsync(NoVncPage.PagePath);
        await page.WaitForFunctionAsync("() => window.noVncReady === true");
        var disconnectsBefore = (await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Disconnected)).Count(r => r.User == "otto");

        await page.EvaluateAsync("([u, p]) => window.startVnc(u, p)", new[] { "otto", TestPasswords.User });
        await WaitForEventAsync(page, "connect");
        var connected = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        Assert.Contains(connected, r => r.User == "otto" && r.Details == "WebSocket, VeNCrypt Plain, input");

        // The picture: noVNC's canvas holds the target's screen.
        await WaitForSizeAsync(page, app.Target.Width, app.Target.Height);
        await AssertPictureMatchesAsync(page, "initial");

        // Keys: focus noVNC and type; the simulated target echoes them.
        await page.EvaluateAsync("() => window.rfb.focus()");
        await page.Keyboard.TypeAsync("novnc typed 4", new() { Delay = 20 });
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("novnc typed 4", StringComparison.Ordinal), "the target to echo noVNC's keys");
        await page.Keyboard.PressAsync("Enter");

        // A click on the canvas reaches the absolute mouse at the same screen position.
        var box = (await page.Locator("#screen canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync((float)box.X + 400, (float)box.Y + 300);
        await page.Mouse.DownAsync();
        await VncTestApp.WaitUntilAsync(() => app.Target.MouseButtons == 1, "the left button down");
        var (x, y) = app.Target.PointerPosition;
        Assert.InRange(x, 398, 402);
        Assert.InRange(y, 298, 302);
        await page.Mouse.UpAsync();
        await VncTestApp.WaitUntilAsync(() => app.Target.MouseButtons == 0, "the left button up");

        // The target changes resolution: noVNC resizes its canvas and shows the new picture.
        try
        {
            app.Display.Resize(1024, 768);
            await WaitForSizeAsync(page, 1024, 768);
            await AssertPictureMatchesAsync(page, "1024x768");
        }
        finally
        {
            app.Display.Reset();
        }

        await WaitForSizeAsync(page, app.Target.Width, app.Target.Height);
        await Screenshots.TakeAsync(page, "vnc-novnc-chromium.png");

        // Disconnect: the server ends the session and the audit says so.
        await page.EvaluateAsync("() => window.rfb.disconnect()");
        await WaitForEventAsync(page, "disconnect");
        var disconnects = 0;
        for (var i = 0; i < 50 && disconnects <= disconnectsBefore; i++)
        {
            await Task.Delay(100); // the session writes its row as it finishes
            disconnects = (await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Disconnected)).Count(r => r.User == "otto");
        }

        Assert.Equal(disconnectsBefore + 1, disconnects);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task NoVnc_WithAnotherUsersCredentials_GetsASecurityFailure()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = app.Factory.ServerAddress.ToString() });
        await context.RouteAsync(NoVncPage.Route, NoVncPage.ServeAsync);
        var page = await BrowserSignIn.SignInAsync(context, "vera", TestPasswords.User);
        await page.GotoAsync(NoVncPage.PagePath);
        await page.WaitForFunctionAsync("() => window.noVncReady === true");
        await page.EvaluateAsync("([u, p]) => window.startVnc(u, p)", new[] { "otto", TestPasswords.User });
        var events = await WaitForEventAsync(page, "securityfailure");
        Assert.Contains("signed in to the portal as vera", events, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForEventAsync(IPage page, string name)
    {
        var events = "";
        for (var i = 0; i < 300; i++)
        {
            events = string.Join('\n', await page.EvaluateAsync<string[]>("() => window.vncEvents"));
            if (events.Split('\n').Any(e => e.StartsWith(name + " ", StringComparison.Ordinal)))
            {
                return events;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"noVNC did not raise '{name}'; events: {events}");
        return events;
    }

    private static async Task WaitForSizeAsync(IPage page, int width, int height)
    {
        var size = "";
        for (var i = 0; i < 300 && size != $"{width}x{height}"; i++)
        {
            await Task.Delay(100);
            size = await page.EvaluateAsync<string>("() => window.canvasSize()");
        }

        Assert.Equal($"{width}x{height}", size);
    }

    private async Task AssertPictureMatchesAsync(IPage page, string what)
    {
        var difference = double.MaxValue;
        for (var i = 0; i < 50 && difference > MaxMeanDifference; i++)
        {
            await Task.Delay(100); // the next update reaches the canvas
            var canvas = Convert.FromBase64String(await page.EvaluateAsync<string>("() => window.canvasRgb()"));
            var expected = new byte[app.Display.Width * app.Display.Height * 3];
            app.Display.RenderRgb24(expected);
            difference = MeanDifference(canvas, expected);
        }

        output.WriteLine($"novnc_{what}_mean_abs_difference: {difference:F2}");
        Assert.True(difference <= MaxMeanDifference, $"noVNC's canvas ({what}) differs from the server's frame by {difference:F2} per channel on average");
    }

    private static double MeanDifference(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return double.MaxValue;
        }

        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }
}
