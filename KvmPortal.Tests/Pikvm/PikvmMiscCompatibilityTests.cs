using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Pikvm;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// Smaller kvmd facts (write_remote: <see cref="PikvmWriteRemoteTests"/>):
/// <c>POST /api/streamer/reset</c>; <c>GET /api/log?seek=&amp;follow=</c> (kvmd's <c>[date time unit] --- message</c> lines, CRLF, Admin);
/// <c>/api/info</c> <c>system.platform</c> and <c>fan</c>; kvmd's <c>auth_token</c> cookie; <c>redirect</c> only to same-site paths;
/// read-only <c>/api/gpio</c> in kvmd's model/state shape.
/// </summary>
public sealed class PikvmMiscCompatibilityTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task StreamerReset_IsControlOnly_AndAudited()
    {
        using var denied = await app[ApiTestApp.Viewer].PostAsync(new Uri("/api/streamer/reset", UriKind.Relative), null);
        Assert.Equal(403, (int)denied.StatusCode);
        using var ok = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/streamer/reset", UriKind.Relative), null);
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.True((await ApiTestApp.ReadJsonAsync(ok)).GetProperty("ok").GetBoolean());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var audit = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/audit", UriKind.Relative));
            if ((await audit.Content.ReadAsStringAsync()).Contains("POST /api/streamer/reset", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "no audit row for the streamer reset");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Log_HasKvmdsLineFormat_SeekAndFollow_AdminOnly()
    {
        using (var denied = await app[ApiTestApp.Operator].GetAsync(new Uri("/api/log", UriKind.Relative)))
        {
            Assert.Equal(403, (int)denied.StatusCode);
        }

        using (var bad = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/log?seek=-1", UriKind.Relative)))
        {
            Assert.Equal(400, (int)bad.StatusCode);
        }

        var buffer = app.Factory.Services.GetService(typeof(AppLogBuffer)) as AppLogBuffer;
        Assert.NotNull(buffer);
        buffer.Add("Test.Category", "Information: marker-one");
        using (var all = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/log?seek=3600&follow=0", UriKind.Relative)))
        {
            Assert.Equal(200, (int)all.StatusCode);
            Assert.StartsWith("text/plain", all.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            var text = await all.Content.ReadAsStringAsync();
            Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
            var line = text.Split("\r\n").Single(l => l.Contains("marker-one", StringComparison.Ordinal));
            Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d kvmportal\.service\] --- Test\.Category: Information: marker-one$", line);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/log?follow=1&seek=1", UriKind.Relative));
        using var follow = await app[ApiTestApp.Admin].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)follow.StatusCode);
        await using var stream = await follow.Content.ReadAsStreamAsync(timeout.Token);
        buffer.Add("Test.Category", "Information: marker-followed");
        var received = new StringBuilder();
        var chunk = new byte[4096];
        while (!received.ToString().Contains("marker-followed", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "the followed log ended");
            received.Append(Encoding.UTF8.GetString(chunk, 0, read));
        }
    }

    [Fact]
    public async Task Info_HasPlatformAndFanAsKvmd()
    {
        var result = (await ApiTestApp.ReadJsonAsync(await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/info", UriKind.Relative)))).GetProperty("result");
        var platform = result.GetProperty("system").GetProperty("platform");
        foreach (var key in new[] { "type", "base", "serial", "model", "video", "board" })
        {
            Assert.True(platform.TryGetProperty(key, out _), key);
        }

        Assert.Equal("kvmportal", platform.GetProperty("model").GetString());
        var fan = result.GetProperty("fan");
        Assert.False(fan.GetProperty("monitored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fan.GetProperty("state").ValueKind);
    }

    [Fact]
    public void Platform_ReadsTheDeviceTreeAsKvmd()
    {
        var root = Directory.CreateTempSubdirectory("pikvm-dt-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "model"), "Raspberry Pi 4 Model B Rev 1.5\0");
            File.WriteAllText(Path.Combine(root.FullName, "serial-number"), "10000000abcdef01\0");
            var json = JsonSerializer.SerializeToElement(PikvmPlatform.Read(root.FullName));
            Assert.Equal("rpi", json.GetProperty("type").GetString());
            Assert.Equal("Raspberry Pi 4 Model B Rev 1.5", json.GetProperty("base").GetString());
            Assert.Equal("10000000ABCDEF01", json.GetProperty("serial").GetString());
            Assert.Equal("rpi4", json.GetProperty("board").GetString());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AuthTokenCookie_IsSetAtLogin_AndAcceptedOnItsOwn()
    {
        using var login = app.NewClient(cookies: false);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "vera", ["passwd"] = TestPasswords.User });
        using var response = await login.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(200, (int)response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("kvmportal_auth=", StringComparison.Ordinal));
        var token = cookies.Single(c => c.StartsWith("auth_token=", StringComparison.Ordinal)).Split(';')[0]["auth_token=".Length..];
        Assert.True(token.Length > 20);

        using var script = app.NewClient(cookies: false);
        script.DefaultRequestHeaders.Add("Cookie", "auth_token=" + token); // what a kvmd script sets itself
        using var ok = await script.GetAsync(new Uri("/api/auth/check", UriKind.Relative));
        Assert.Equal(200, (int)ok.StatusCode);

        using var forged = app.NewClient(cookies: false);
        forged.DefaultRequestHeaders.Add("Cookie", "auth_token=" + new string('a', 64));
        using var denied = await forged.GetAsync(new Uri("/api/auth/check", UriKind.Relative));
        Assert.Equal(401, (int)denied.StatusCode);
    }

    [Theory]
    [InlineData("/kvm", 302, "/")]
    [InlineData("/kvm/", 302, "/")]
    [InlineData("/", 302, "/")]
    [InlineData("/macros", 302, "/macros")]
    [InlineData("//evil.example/kvm", 400, null)]
    [InlineData("https://evil.example/", 400, null)]
    [InlineData("/\\evil.example", 400, null)]
    [InlineData("kvm", 400, null)]
    public async Task LoginRedirect_OnlyToSameSitePaths(string redirect, int expected, string? location)
    {
        using var client = app.NewClient(cookies: false);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "vera", ["passwd"] = TestPasswords.User, ["redirect"] = redirect });
        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(expected, (int)response.StatusCode);
        if (location is not null)
        {
            Assert.Equal(location, response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Gpio_HasKvmdsModelAndStateShape_AndIsReadOnly()
    {
        var result = (await ApiTestApp.ReadJsonAsync(await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/gpio", UriKind.Relative)))).GetProperty("result");
        var scheme = result.GetProperty("model").GetProperty("scheme");
        Assert.Equal("atx", scheme.GetProperty("inputs").GetProperty("atx_power_led").GetProperty("hw").GetProperty("driver").GetString());
        Assert.Equal(JsonValueKind.Object, scheme.GetProperty("outputs").ValueKind);
        var view = result.GetProperty("model").GetProperty("view");
        Assert.Equal("label", view.GetProperty("header").GetProperty("title")[0].GetProperty("type").GetString());
        var inputItem = view.GetProperty("table").EnumerateArray().SelectMany(r => r.EnumerateArray()).First(i => i.GetProperty("type").GetString() == "input");
        Assert.Equal("atx_power_led", inputItem.GetProperty("channel").GetString());
        Assert.Equal("green", inputItem.GetProperty("color").GetString());
        var led = result.GetProperty("state").GetProperty("inputs").GetProperty("atx_power_led");
        Assert.Equal(JsonValueKind.True, led.GetProperty("online").ValueKind);
        Assert.True(led.GetProperty("state").ValueKind is JsonValueKind.True or JsonValueKind.False);

        using var change = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/gpio/pulse?channel=atx_power_led", UriKind.Relative), null);
        Assert.Equal(400, (int)change.StatusCode);
        Assert.Equal("GpioChannelNotFoundError", (await ApiTestApp.ReadJsonAsync(change)).GetProperty("result").GetProperty("error").GetString());
    }

    /// <summary>A minimal HTTP/1.1 file server on a real socket: every request gets <paramref name="payload"/> with Content-Length.</summary>
    internal static async Task ServeAsync(TcpListener listener, byte[] payload, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(ct);
                await using var stream = client.GetStream();
                var request = new byte[8192];
                var length = 0;
                while (!Encoding.ASCII.GetString(request, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(request.AsMemory(length), ct);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
                await stream.WriteAsync(payload, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped by the test.
        }
    }
}
