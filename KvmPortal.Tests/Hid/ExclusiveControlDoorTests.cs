using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Hid;

/// <summary>
/// Exclusive control holds for every door: while oscar holds the keyboard and mouse from his console in Chromium, otto (also an
/// Operator) is refused on the console, on REST <c>/api/hid/*</c> and on <c>/api/ws</c> (JSON and binary), all over real sockets.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExclusiveControlDoorTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator), ("otto", Roles.Operator))
{
    [Fact]
    public async Task ExclusiveControl_BlocksTheConsole_Rest_AndWebSocket_OfAnotherOperator()
    {
        var target = await PoweredTargetAsync();
        var (_, holder) = await OpenConsoleAsync("oscar", Desktop);
        var (_, other) = await OpenConsoleAsync("otto", Phone); // the refused console is a phone: item 3 at both sizes
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies };
        using var rest = new HttpClient(handler) { BaseAddress = App.ServerAddress };
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "otto", ["passwd"] = TestPasswords.User }))
        using (var login = await rest.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        await socket.ConnectAsync(new UriBuilder(App.ServerAddress) { Scheme = "ws", Path = "/api/ws" }.Uri, CancellationToken.None);

        await ConsoleMenu.OpenAsync(holder, "people");
        await ConsoleMenu.OpenAsync(other, "people");
        await holder.Locator("[data-testid=mode-exclusive]").ClickAsync();
        await other.Locator("[data-testid=control-mode]").GetByText("exclusive").WaitForAsync();
        await other.Locator("[data-testid=menu-close]").ClickAsync(); // on a phone the drawer covers the picture

        // Console door.
        await other.Locator("[data-testid=console-screen]").ClickAsync();
        await other.Keyboard.TypeAsync("qq");
        await other.Locator("[data-testid=input-refused]").WaitForAsync();

        // REST door: single keys, paste, shortcuts and mouse are refused with 409 and a reason.
        foreach (var (path, body) in new[] { ("/api/hid/events/send_key?key=KeyW", ""), ("/api/hid/print", "ww"), ("/api/hid/events/send_shortcut?keys=KeyW", ""), ("/api/hid/events/send_mouse_button?button=left", "") })
        {
            using var content = new StringContent(body);
            using var response = await rest.PostAsync(new Uri(path, UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("Another user holds the keyboard and mouse", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // WebSocket door, JSON and binary.
        await SendJsonKeyAsync(socket, "KeyE");
        await socket.SendAsync(new byte[] { 1, 0x03 }.Concat(Encoding.ASCII.GetBytes("KeyR")).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        await PingAsync(socket);

        await holder.Locator("[data-testid=console-screen]").ClickAsync();
        await holder.Keyboard.TypeAsync("ok");
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> ok", StringComparison.Ordinal));
        var line = target.ScreenLines.Last(l => l.Contains("sim-target> ok", StringComparison.Ordinal));
        Assert.Equal("sim-target> ok", line.TrimEnd());

        // Shared again: the same REST and WebSocket clients type.
        await holder.Locator("[data-testid=mode-shared]").ClickAsync();
        await ConsoleMenu.OpenAsync(other, "people");
        await other.Locator("[data-testid=control-mode]").GetByText("shared").WaitForAsync();
        using (var response = await rest.PostAsync(new Uri("/api/hid/events/send_key?key=KeyW", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await SendJsonKeyAsync(socket, "KeyE");
        await PingAsync(socket);
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> okwe", StringComparison.Ordinal));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static async Task SendJsonKeyAsync(WebSocket socket, string key)
    {
        foreach (var state in new[] { true, false })
        {
            var json = JsonSerializer.Serialize(new { event_type = "key", @event = new { key, state } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }

    /// <summary>Opcode 0, then wait for the [255] pong: everything sent before it has been handled.</summary>
    private static async Task PingAsync(WebSocket socket)
    {
        await socket.SendAsync(new byte[] { 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Binary && result.Count == 1 && buffer[0] == 255)
            {
                return;
            }
        }
    }
}
