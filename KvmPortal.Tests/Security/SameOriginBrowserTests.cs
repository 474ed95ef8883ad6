using System.Net;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Security;

/// <summary>
/// Issue 18's cross-site case in Debian's Chromium: a page served from a second loopback port (same site for cookies, other origin)
/// cannot open <c>/api/ws</c> or post a form with the signed-in victim's cookie; the app's own console still streams and types.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SameOriginBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium)
{
    private WebApplication? _evil;

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _evil = builder.Build();
        var victim = App.ServerAddress;
        _evil.MapGet("/evil.html", () => Results.Content(EvilPage(victim), "text/html"));
        await _evil.StartAsync();
    }

    [Fact]
    public async Task SameSiteOtherPortPage_CannotOpenApiWsOrPostAForm_OwnConsoleWorks()
    {
        var target = await PoweredTargetAsync();

        // The own console: the Blazor circuit connects, frames arrive, typed keys reach the target.
        var (context, page) = await OpenConsoleAsync("admin");
        await WaitForFramesAsync(page);
        await page.Locator("[data-testid=console-screen]").ClickAsync();
        await page.Keyboard.TypeAsync("ab");
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> ab", StringComparison.Ordinal));

        // The own origin may open /api/ws and post with the cookie.
        Assert.Equal("open", await page.EvaluateAsync<string>(OpenWebSocket, "/api/ws"));
        Assert.Equal(200, await page.EvaluateAsync<int>("async () => (await fetch('/api/hid/events/send_key?key=KeyC', { method: 'POST' })).status"));
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> abc", StringComparison.Ordinal));

        // The other port: same site (the cookie goes along), other origin. Every attempt is refused.
        var evil = await context.NewPageAsync();
        evil.SetDefaultTimeout(30_000);
        var evilBase = new Uri(_evil!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.Equal(App.ServerAddress.Host, evilBase.Host);
        Assert.NotEqual(App.ServerAddress.Port, evilBase.Port);
        await evil.GotoAsync(new Uri(evilBase, "/evil.html").ToString());
        Assert.Equal("refused", await evil.EvaluateAsync<string>("() => window.apiWs"));
        Assert.Equal("refused", await evil.EvaluateAsync<string>("() => window.streamerWs"));
        await evil.EvaluateAsync("() => window.formPosted");
        await evil.EvaluateAsync("() => window.fetchPosted");
        await Task.Delay(1500);
        output.WriteLine("target screen: " + target.ScreenText.Split('\n').LastOrDefault(l => l.Contains("sim-target>", StringComparison.Ordinal)));
        Assert.DoesNotContain("abcz", target.ScreenText, StringComparison.Ordinal);
        Assert.DoesNotContain("abcx", target.ScreenText, StringComparison.Ordinal);
        var refusals = App.Logs.Lines.Count(l => l.Contains("Refused a cross-origin", StringComparison.Ordinal));
        output.WriteLine($"cross-origin refusals logged: {refusals}");
        Assert.True(refusals >= 4, $"expected the refusals in the log, saw {refusals}");

        // The victim's own console is still fine afterwards, and nothing was typed between "c" and "d".
        await page.BringToFrontAsync();
        await page.Locator("[data-testid=console-screen]").ClickAsync();
        await page.Keyboard.TypeAsync("d");
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> abcd", StringComparison.Ordinal));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_evil is not null)
        {
            await _evil.StopAsync();
            await _evil.DisposeAsync();
        }
    }

    private const string OpenWebSocket = """
        path => new Promise(resolve => {
          const ws = new WebSocket(new URL(path, location.href).href.replace(/^http/, 'ws'));
          ws.onopen = () => { resolve('open'); ws.close(); };
          ws.onerror = () => resolve('refused');
          ws.onclose = () => resolve('refused');
        })
        """;

    private static string EvilPage(Uri victim)
    {
        var http = victim.GetLeftPart(UriPartial.Authority);
        var ws = "ws" + http["http".Length..];
        return $$"""
            <!doctype html><html><body>
            <iframe name="sink"></iframe>
            <form id="f" method="POST" action="{{http}}/api/hid/events/send_key?key=KeyZ" target="sink"><input name="x" value="1"></form>
            <script>
            function tryWs(url) {
              return new Promise(resolve => {
                const ws = new WebSocket(url);
                ws.onopen = () => { resolve('open'); ws.close(); };
                ws.onerror = () => resolve('refused');
                ws.onclose = () => resolve('refused');
              });
            }
            window.apiWs = tryWs('{{ws}}/api/ws');
            window.streamerWs = tryWs('{{ws}}/api/streamer/ws');
            window.formPosted = new Promise(resolve => { document.querySelector('iframe').onload = () => resolve(true); setTimeout(() => resolve(false), 5000); });
            document.getElementById('f').submit();
            window.fetchPosted = fetch('{{http}}/api/hid/events/send_key?key=KeyX', { method: 'POST', mode: 'no-cors', credentials: 'include' }).then(() => true, () => false);
            </script></body></html>
            """;
    }
}
