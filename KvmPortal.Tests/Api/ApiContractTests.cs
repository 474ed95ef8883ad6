using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Api;

/// <summary>PiKVM contract per route: query parameters, the {ok, result} envelope, error shapes and status codes, and the ways to authenticate.</summary>
public sealed class ApiContractTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Theory]
    [InlineData("GET", "/api/info", 200)]
    [InlineData("GET", "/api/info?fields=system,health", 200)]
    [InlineData("GET", "/api/info?fields=bogus", 400)]
    [InlineData("GET", "/api/hid", 200)]
    [InlineData("GET", "/api/hid/keymaps", 200)]
    [InlineData("POST", "/api/hid/events/send_key?key=KeyA", 200)]
    [InlineData("POST", "/api/hid/events/send_key?key=KeyA&state=1", 200)]
    [InlineData("POST", "/api/hid/events/send_key?key=KeyA&state=0", 200)]
    [InlineData("POST", "/api/hid/events/send_key?key=NoSuchKey", 400)]
    [InlineData("POST", "/api/hid/events/send_key", 400)]
    [InlineData("POST", "/api/hid/events/send_key?key=KeyA&state=maybe", 400)]
    [InlineData("POST", "/api/hid/events/send_shortcut?keys=ControlLeft,AltLeft,Delete", 200)]
    [InlineData("POST", "/api/hid/events/send_shortcut?keys=ControlLeft,Bogus", 400)]
    [InlineData("POST", "/api/hid/events/send_mouse_button?button=left", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_button?button=left&state=true", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_button?button=left&state=false", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_button?button=fourth", 400)]
    [InlineData("POST", "/api/hid/events/send_mouse_move?to_x=-32768&to_y=32767", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_move?to_x=40000&to_y=0", 400)]
    [InlineData("POST", "/api/hid/events/send_mouse_move?to_x=0", 400)]
    [InlineData("POST", "/api/hid/events/send_mouse_relative?delta_x=-127&delta_y=127", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_relative?delta_x=128", 400)]
    [InlineData("POST", "/api/hid/events/send_mouse_wheel?delta_x=0&delta_y=-5", 200)]
    [InlineData("POST", "/api/hid/events/send_mouse_wheel?delta_y=x", 400)]
    [InlineData("POST", "/api/hid/set_params?jiggler=0", 200)]
    [InlineData("POST", "/api/hid/set_params?jiggler=perhaps", 400)]
    [InlineData("POST", "/api/hid/set_params?keyboard_output=ps2", 200)]
    [InlineData("POST", "/api/hid/set_params?keyboard_output=serial", 400)]
    [InlineData("POST", "/api/hid/set_connected?connected=1", 200)]
    [InlineData("POST", "/api/hid/reset", 200)]
    [InlineData("GET", "/api/atx", 200)]
    [InlineData("POST", "/api/atx/power?action=explode", 400)]
    [InlineData("POST", "/api/atx/power", 400)]
    [InlineData("POST", "/api/atx/power?action=on&wait=sometimes", 400)]
    [InlineData("POST", "/api/atx/click?button=turbo", 400)]
    [InlineData("GET", "/api/msd", 200)]
    [InlineData("POST", "/api/msd/set_params?image=missing.iso", 404)]
    [InlineData("POST", "/api/msd/set_params?image=../etc/passwd", 400)]
    [InlineData("POST", "/api/msd/set_params?cdrom=2", 400)]
    [InlineData("POST", "/api/msd/set_connected", 400)]
    [InlineData("POST", "/api/msd/remove?image=missing.iso", 404)]
    [InlineData("GET", "/api/msd/read?image=missing.iso", 404)]
    [InlineData("GET", "/api/msd/read?image=x.img&compress=zstd", 400)]
    [InlineData("POST", "/api/msd/write", 400)]
    [InlineData("POST", "/api/msd/write?image=a.img&prefix=sub", 400)]
    [InlineData("POST", "/api/msd/write_remote?url=ftp://example.invalid/x.iso", 400)]
    [InlineData("POST", "/api/msd/write_remote?url=http://127.0.0.1:1/x.iso&insecure=1", 400)]
    [InlineData("GET", "/api/export/prometheus/metrics", 200)]
    [InlineData("GET", "/api/wol", 200)]
    [InlineData("GET", "/api/sessions", 200)]
    [InlineData("GET", "/api/tokens", 200)]
    [InlineData("POST", "/api/tokens/create?name=x&permissions=Fly", 400)]
    [InlineData("POST", "/api/users/create?name=x&role=Emperor", 400)]
    [InlineData("POST", "/api/users/disable?name=nobody", 404)]
    public async Task Route_AnswersWithEnvelopeAndStatus(string method, string path, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await app[ApiTestApp.Admin].SendAsync(request);
        Assert.Equal(expected, (int)response.StatusCode);
        if (path.Contains("prometheus", StringComparison.Ordinal))
        {
            return;
        }

        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.Equal(expected == 200, body.GetProperty("ok").GetBoolean());
        var result = body.GetProperty("result");
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        if (expected != 200)
        {
            Assert.Equal(JsonValueKind.String, result.GetProperty("error").ValueKind);
            Assert.False(string.IsNullOrEmpty(result.GetProperty("error_msg").GetString()));
        }
    }

    [Fact]
    public async Task States_HavePikvmShapes()
    {
        var hid = (await GetResultAsync("/api/hid"));
        Assert.Equal(JsonValueKind.True, hid.GetProperty("enabled").ValueKind);
        Assert.True(hid.GetProperty("keyboard").GetProperty("leds").TryGetProperty("caps", out _));
        Assert.True(hid.GetProperty("jiggler").TryGetProperty("interval", out _));
        var atx = await GetResultAsync("/api/atx");
        Assert.True(atx.GetProperty("leds").TryGetProperty("power", out _));
        Assert.True(atx.GetProperty("acts").TryGetProperty("reset", out _));
        var msd = await GetResultAsync("/api/msd");
        Assert.Equal(JsonValueKind.Object, msd.GetProperty("storage").GetProperty("images").ValueKind);
        Assert.True(msd.GetProperty("drive").TryGetProperty("cdrom", out _));
        var keymaps = await GetResultAsync("/api/hid/keymaps");
        Assert.Equal("en-us", keymaps.GetProperty("keymaps").GetProperty("default").GetString());
        Assert.Contains("de", keymaps.GetProperty("keymaps").GetProperty("available").EnumerateArray().Select(e => e.GetString()));
        var info = await GetResultAsync("/api/info?fields=system");
        Assert.True(info.GetProperty("system").TryGetProperty("kvmd", out _));
        Assert.False(info.TryGetProperty("health", out _));
    }

    [Fact]
    public async Task Print_ReportsUntypeableCharactersBeforeTyping()
    {
        using var content = new StringContent("abc€", Encoding.UTF8, "text/plain");
        using var response = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/hid/print?keymap=en-us", UriKind.Relative), content);
        Assert.Equal(400, (int)response.StatusCode);
        var result = (await ApiTestApp.ReadJsonAsync(response)).GetProperty("result");
        Assert.Equal("UntypeableTextError", result.GetProperty("error").GetString());
        Assert.Contains("€", result.GetProperty("error_msg").GetString(), StringComparison.Ordinal);

        using var unknown = new StringContent("abc", Encoding.UTF8, "text/plain");
        using var badKeymap = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/hid/print?keymap=klingon", UriKind.Relative), unknown);
        Assert.Equal(400, (int)badKeymap.StatusCode);
    }

    [Fact]
    public async Task HeadersBasicAndCookie_Authenticate_WrongCredentialsAre403()
    {
        using var headers = app.NewClient(cookies: false);
        headers.DefaultRequestHeaders.Add("X-KVMD-User", "vera");
        headers.DefaultRequestHeaders.Add("X-KVMD-Passwd", TestPasswords.User);
        using (var ok = await headers.GetAsync(new Uri("/api/auth/check", UriKind.Relative)))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using var basic = app.NewClient(cookies: false);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("vera:" + TestPasswords.User)));
        using (var ok = await basic.GetAsync(new Uri("/api/atx", UriKind.Relative)))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using (var denied = await basic.PostAsync(new Uri("/api/atx/power?action=on", UriKind.Relative), null))
        {
            Assert.Equal(403, (int)denied.StatusCode);
        }

        using var wrong = app.NewClient(cookies: false);
        wrong.DefaultRequestHeaders.Add("X-KVMD-User", "vera");
        wrong.DefaultRequestHeaders.Add("X-KVMD-Passwd", TestPasswords.New());
        using (var refused = await wrong.GetAsync(new Uri("/api/auth/check", UriKind.Relative)))
        {
            Assert.Equal(403, (int)refused.StatusCode);
            Assert.False(refused.Headers.Contains("WWW-Authenticate"));
        }

        using var wrongLogin = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "vera", ["passwd"] = TestPasswords.New() });
        using var login = await app.NewClient().PostAsync(new Uri("/api/auth/login", UriKind.Relative), wrongLogin);
        Assert.Equal(403, (int)login.StatusCode);
    }

    [Fact]
    public async Task Tokens_AreShownOnce_LimitedAndRevocable()
    {
        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=script&permissions=View,Power&expires_days=1", UriKind.Relative), null);
        Assert.Equal(200, (int)created.StatusCode);
        var result = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result");
        var token = result.GetProperty("token").GetString()!;
        var id = result.GetProperty("info").GetProperty("id").GetString()!;
        Assert.StartsWith("kvmp_", token, StringComparison.Ordinal);

        using var list = await app[ApiTestApp.Operator].GetAsync(new Uri("/api/tokens", UriKind.Relative));
        Assert.DoesNotContain(token, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var client = app.NewClient(cookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var power = await client.PostAsync(new Uri("/api/atx/power?action=bogus", UriKind.Relative), null))
        {
            Assert.Equal(400, (int)power.StatusCode); // authorized for Power, refused only for the bad action
        }

        using (var media = await client.PostAsync(new Uri("/api/msd/reset", UriKind.Relative), null))
        {
            Assert.Equal(403, (int)media.StatusCode); // the owner holds Media, the token does not
        }

        using (var escalate = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=x&permissions=Admin", UriKind.Relative), null))
        {
            Assert.Equal(403, (int)escalate.StatusCode);
        }

        using (var revoke = await app[ApiTestApp.Operator].PostAsync(new Uri($"/api/tokens/revoke?id={id}", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)revoke.StatusCode);
        }

        using var after = await client.GetAsync(new Uri("/api/atx", UriKind.Relative));
        Assert.Equal(403, (int)after.StatusCode);
    }

    [Fact]
    public async Task PasswordGuessingThroughTheApi_LocksTheAccount()
    {
        var password = TestPasswords.New();
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["passwd"] = password }))
        using (var created = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/create?name=lucy&role=Viewer", UriKind.Relative), form))
        {
            Assert.Equal(200, (int)created.StatusCode);
        }

        using var guesser = app.NewClient(cookies: false);
        guesser.DefaultRequestHeaders.Add("X-KVMD-User", "lucy");
        for (var i = 0; i < 5; i++)
        {
            guesser.DefaultRequestHeaders.Remove("X-KVMD-Passwd");
            guesser.DefaultRequestHeaders.Add("X-KVMD-Passwd", TestPasswords.New());
            using var wrong = await guesser.GetAsync(new Uri("/api/atx", UriKind.Relative));
            Assert.Equal(403, (int)wrong.StatusCode);
        }

        guesser.DefaultRequestHeaders.Remove("X-KVMD-Passwd");
        guesser.DefaultRequestHeaders.Add("X-KVMD-Passwd", password);
        using var locked = await guesser.GetAsync(new Uri("/api/atx", UriKind.Relative));
        Assert.Equal(403, (int)locked.StatusCode); // the right password no longer works: locked out

        using var list = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/users", UriKind.Relative));
        var lucy = (await ApiTestApp.ReadJsonAsync(list)).GetProperty("result").GetProperty("users").EnumerateArray()
            .Single(u => u.GetProperty("name").GetString() == "lucy");
        Assert.True(lucy.GetProperty("locked_out").GetBoolean());
    }

    [Fact]
    public async Task Users_CreateDisableDelete_TakeEffectOnApiAccess()
    {
        var password = TestPasswords.New();
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["passwd"] = password }))
        using (var created = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/create?name=carl&role=Operator", UriKind.Relative), form))
        {
            Assert.Equal(200, (int)created.StatusCode);
        }

        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["passwd"] = password }))
        using (var duplicate = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/create?name=carl&role=Viewer", UriKind.Relative), form))
        {
            Assert.Equal(409, (int)duplicate.StatusCode);
        }

        using var carl = app.NewClient(cookies: false);
        carl.DefaultRequestHeaders.Add("X-KVMD-User", "carl");
        carl.DefaultRequestHeaders.Add("X-KVMD-Passwd", password);
        using (var ok = await carl.GetAsync(new Uri("/api/atx", UriKind.Relative)))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using (var disabled = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/disable?name=carl", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)disabled.StatusCode);
        }

        using (var refused = await carl.GetAsync(new Uri("/api/atx", UriKind.Relative)))
        {
            Assert.Equal(403, (int)refused.StatusCode);
        }

        using (var self = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/delete?name=admin", UriKind.Relative), null))
        {
            Assert.Equal(409, (int)self.StatusCode);
        }

        using (var deleted = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/users/delete?name=carl", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)deleted.StatusCode);
        }

        using var list = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/users", UriKind.Relative));
        Assert.DoesNotContain("\"carl\"", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetResultAsync(string path)
    {
        using var response = await app[ApiTestApp.Admin].GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.True(body.GetProperty("ok").GetBoolean());
        return body.GetProperty("result");
    }
}
