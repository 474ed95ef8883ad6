using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using KvmPortal.Security.Hardening;

namespace KvmPortal.Tests.Security;

/// <summary>Same-origin enforcement over real sockets: cookie requests and WebSocket handshakes need the own or a configured origin; tokens do not.</summary>
public sealed class SameOriginApiTests
{
    private const string Proxy = "https://kvm.example.org:8443";
    private const string Evil = "http://127.0.0.1:1";
    private static readonly Uri SendKey = new("/api/hid/events/send_key?key=KeyA", UriKind.Relative);

    [Fact]
    public async Task CookieRequestsAndHandshakes_NeedAnAllowedOrigin_TokensAreUnaffected()
    {
        await using var app = await SecurityApp.StartAsync(("KvmPortal:Hardening:AllowedOrigins:0", Proxy));
        var own = app.Address.GetLeftPart(UriPartial.Authority);

        Assert.Equal(403, await PostAsync(app.Admin, ("Origin", Evil)));
        Assert.Equal(403, await PostAsync(app.Admin, ("Sec-Fetch-Site", "same-site")));
        Assert.Equal(403, await PostAsync(app.Admin, ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(403, await PostAsync(app.Admin, ("Origin", "null")));
        Assert.Equal(403, await PostAsync(app.Admin, ("Origin", own), ("Sec-Fetch-Site", "same-site")));
        Assert.Equal(200, await PostAsync(app.Admin, ("Origin", own), ("Sec-Fetch-Site", "same-origin")));
        Assert.Equal(200, await PostAsync(app.Admin, ("Origin", Proxy), ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(200, await PostAsync(app.Admin));

        // Login CSRF: the login form endpoint is refused from another origin as well.
        using (var login = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative)))
        {
            login.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["passwd"] = "x" });
            login.Headers.Add("Origin", Evil);
            using var refused = await app.NewClient().SendAsync(login);
            Assert.Equal(403, (int)refused.StatusCode);
        }

        // A bearer token (not ambient: a browser never attaches it by itself) is unaffected by the Origin header.
        using var created = await app.Admin.PostAsync(new Uri("/api/tokens/create?name=origin&permissions=View,Control", UriKind.Relative), null);
        Assert.Equal(200, (int)created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("result").GetProperty("token").GetString()!;
        var tokenClient = app.NewClient();
        tokenClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(200, await PostAsync(tokenClient, ("Origin", Evil), ("Sec-Fetch-Site", "cross-site")));

        // WebSocket handshakes with the admin's cookie: refused from another origin, accepted from the own one.
        var cookie = app.AdminCookies.GetCookieHeader(app.Address);
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync(app, "/api/ws", cookie, Evil));
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync(app, "/api/streamer/ws", cookie, Evil));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await HandshakeAsync(app, "/api/ws", cookie, own));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await HandshakeAsync(app, "/api/ws", cookie, Proxy));
    }

    [Theory]
    [InlineData("AllowedOrigins", "ftp://example.org")]
    [InlineData("AllowedOrigins", "https://example.org/path")]
    [InlineData("AllowedOrigins", "*")]
    [InlineData("OutboundAllowList", "10.0.0.0/33")]
    [InlineData("OutboundAllowList", "http://images.lan/")]
    [InlineData("OutboundAllowList", "2130706433")]
    [InlineData("OutboundAllowList", "0x7f000001")]
    [InlineData("OutboundAllowList", "127.1")]
    public void Validator_RefusesMalformedEntries(string list, string entry)
    {
        var options = new HardeningOptions();
        (list == "AllowedOrigins" ? options.AllowedOrigins : options.OutboundAllowList).Add(entry);
        Assert.True(new HardeningOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validator_AcceptsHostsCidrsAndOrigins()
    {
        var options = new HardeningOptions { AllowedOrigins = [Proxy, "http://10.1.2.3"], OutboundAllowList = ["images.lan", "192.168.10.0/24", "fd00::/8", "10.0.0.5"] };
        Assert.True(new HardeningOptionsValidator().Validate(null, options).Succeeded);
    }

    private static async Task<int> PostAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SendKey);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task<HttpStatusCode> HandshakeAsync(SecurityApp app, string path, string cookie, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(app.Address, path)) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status code tells why.
        }

        return socket.HttpStatusCode;
    }
}
