using System.Net;
using System.Net.WebSockets;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Vnc;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// <c>/vnc/websockify</c> (noVNC's transport): the upgrade needs the portal cookie and the same origin; inside, RFB still
/// authenticates (VeNCrypt Plain over the web server's connection) and only with the signed-in user's own credentials.
/// </summary>
[Collection(VncTests.Name)]
public sealed class VncWebSocketTests(VncTestApp app)
{
    [Fact]
    public async Task CookieUser_WithTheirOwnCredentials_TypesOverTheWebSocket()
    {
        using var socket = await OpenAsync("otto");
        await using var client = RfbTestClient.Over(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false));
        Assert.Equal([19, 2], await client.StartAsync());
        Assert.True(await client.VeNCryptAsync("otto", TestPasswords.User, null, subtype: 256), client.FailureReason);
        await client.InitAsync();
        await client.SetEncodingsAsync(7, -24, 0);
        await client.RequestAsync(false);
        await client.ReadUpdateAsync();
        await client.TypeAsync("over websocket 3");
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("over websocket 3", StringComparison.Ordinal), "the echo");
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        Assert.Contains(rows, r => r.User == "otto" && (r.Details ?? "").Contains("WebSocket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherUsersCredentials_AreRefused_AndNoCookieNoUpgrade()
    {
        using (var socket = await OpenAsync("otto"))
        {
            await using var client = RfbTestClient.Over(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false));
            await client.StartAsync();
            Assert.False(await client.VeNCryptAsync("admin", KvmAppFactory.AdminPassword, null, subtype: 256));
            Assert.Contains("signed in to the portal as otto", client.FailureReason, StringComparison.Ordinal);
        }

        using var anonymous = new ClientWebSocket();
        anonymous.Options.SetRequestHeader("Origin", app.Factory.ServerAddress.GetLeftPart(UriPartial.Authority));
        // No cookie: the auth path answers with the sign-in redirect instead of 101 Switching Protocols.
        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(SocketUri(), CancellationToken.None));
    }

    private Uri SocketUri() => new UriBuilder(app.Factory.ServerAddress) { Scheme = "ws", Path = VncWebSocketEndpoint.Path }.Uri;

    private async Task<ClientWebSocket> OpenAsync(string user)
    {
        var cookies = new CookieContainer();
        using (var handler = new HttpClientHandler { CookieContainer = cookies, UseProxy = false })
        using (var http = new HttpClient(handler) { BaseAddress = app.Factory.ServerAddress })
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = TestPasswords.User }))
        using (var login = await http.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", app.Factory.ServerAddress.GetLeftPart(UriPartial.Authority));
        await socket.ConnectAsync(SocketUri(), CancellationToken.None);
        return socket;
    }
}
