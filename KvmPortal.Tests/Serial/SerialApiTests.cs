using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Tests.Security;

namespace KvmPortal.Tests.Serial;

/// <summary>/api/serial on a real socket: the one auth path, same-origin WebSocket handshakes, clear 4xx for bad input, and the
/// terminal protocol's answers to bad messages and to input while the target is off.</summary>
public sealed class SerialApiTests
{
    [Fact]
    public async Task Routes_NeedSignIn_RefuseBadInput_AndTheSocketFollowsTheOrigin()
    {
        await using var app = await SecurityApp.StartAsync();
        using (var anonymous = await app.NewClient().GetAsync(new Uri("/api/serial", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var list = await app.Admin.GetAsync(new Uri("/api/serial", UriKind.Relative)))
        {
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var port = json.RootElement.GetProperty("result").GetProperty("ports")[0];
            Assert.Equal("console", port.GetProperty("name").GetString());
            Assert.False(port.GetProperty("connected").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin.GetAsync(new Uri("/api/serial/nope/log", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Admin.GetAsync(new Uri("/api/serial/console/log/search?q=", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Admin.GetAsync(new Uri("/api/serial/console/log/search?q=x&limit=0", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Admin.GetAsync(new Uri("/api/serial/console/ws", UriKind.Relative))).StatusCode);

        var cookie = app.AdminCookies.GetCookieHeader(app.Address);
        var own = app.Address.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConnectAsync(app, "/api/serial/console/ws", cookie, "http://evil.example")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ConnectAsync(app, "/api/serial/nope/ws", cookie, own)).Status);

        var (status, socket) = await ConnectAsync(app, "/api/serial/console/ws", cookie, own);
        using (socket)
        {
            Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
            var state = await ReceiveJsonAsync(socket);
            Assert.Equal("state", state.GetProperty("type").GetString());
            Assert.True(state.GetProperty("canType").GetBoolean());
            Assert.False(state.GetProperty("connected").GetBoolean());

            await SendAsync(socket, "not json");
            Assert.Equal("Not a terminal message.", (await ReceiveJsonAsync(socket)).GetProperty("message").GetString());
            await SendAsync(socket, """{"type":"launch"}""");
            Assert.Equal("Unknown message type.", (await ReceiveJsonAsync(socket)).GetProperty("message").GetString());
            await SendAsync(socket, """{"type":"data","data":"root\r"}""");
            Assert.Contains("powered off", (await ReceiveJsonAsync(socket)).GetProperty("message").GetString(), StringComparison.Ordinal);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private static async Task<(HttpStatusCode Status, ClientWebSocket Socket)> ConnectAsync(SecurityApp app, string path, string cookie, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(new UriBuilder(new Uri(app.Address, path)) { Scheme = "ws" }.Uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status code tells why.
        }

        return (socket.HttpStatusCode, socket);
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Text)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
            }
        }
    }
}
