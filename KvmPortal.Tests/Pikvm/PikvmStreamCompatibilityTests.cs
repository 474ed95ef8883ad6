using System.Text;
using System.Text.Json;
using KvmPortal.Tests.Api;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// ustreamer/kvmd stream facts PiKVM's UI depends on (web/share/js/kvm/stream.js, stream_mjpeg.js): <c>/streamer/stream?key=K</c> sets
/// <c>stream_client=K/&lt;id&gt;</c> and <c>clients_stat</c> lists <c>&lt;id&gt;</c>; <c>features.resolution</c> comes with
/// <c>limits.available_resolutions</c>, and <c>applied</c> exists; ustreamer's <c>/streamer/state</c>, <c>/streamer/snapshot</c> and
/// <c>extra_headers=1</c> parts (X-UStreamer-Online, -Dropped, -Width, -Height, -Client-FPS, ...).
/// </summary>
public sealed class PikvmStreamCompatibilityTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task StreamKey_SetsStreamClientCookie_FoundInClientsStat()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/streamer/stream?key=k3yAbc&advance_headers=1", UriKind.Relative));
        using var response = await app[ApiTestApp.Viewer].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("stream_client=", StringComparison.Ordinal));
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("httponly", cookie, StringComparison.OrdinalIgnoreCase); // the page's script reads it
        var value = cookie.Split(';')[0]["stream_client=".Length..];
        Assert.StartsWith("k3yAbc/", value, StringComparison.Ordinal);
        var id = value["k3yAbc/".Length..];

        var state = await GetResultAsync("/api/streamer");
        Assert.True(state.GetProperty("streamer").GetProperty("stream").GetProperty("clients_stat").TryGetProperty(id, out var stat), $"clients_stat lacks {id}");
        Assert.True(stat.TryGetProperty("fps", out _));
        Assert.True(state.GetProperty("features").GetProperty("resolution").GetBoolean());
        Assert.True(state.GetProperty("limits").GetProperty("available_resolutions").GetArrayLength() > 0);
        Assert.Equal(JsonValueKind.Object, state.GetProperty("applied").ValueKind);
        Assert.Matches(@"^\d+x\d+$", state.GetProperty("applied").GetProperty("resolution").GetString());

        var ustreamer = await GetResultAsync("/streamer/state");
        Assert.True(ustreamer.GetProperty("stream").GetProperty("clients_stat").TryGetProperty(id, out _));
        Assert.True(ustreamer.GetProperty("source").TryGetProperty("online", out _));
    }

    [Fact]
    public async Task ExtraHeaders_OnEveryPart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/streamer/stream?extra_headers=1", UriKind.Relative));
        using var response = await app[ApiTestApp.Viewer].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var text = new StringBuilder();
        var chunk = new byte[65536];
        var parts = 0;
        while (parts < 2)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0);
            text.Append(Encoding.Latin1.GetString(chunk, 0, read));
            parts = text.ToString().Split("X-UStreamer-Latency:").Length - 1;
        }

        var firstPart = text.ToString().Split("--boundarydonotcross\r\n")[1];
        var headers = firstPart[..firstPart.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n")
            .ToDictionary(h => h[..h.IndexOf(':', StringComparison.Ordinal)], h => h[(h.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        foreach (var name in new[] { "Content-Type", "Content-Length", "X-Timestamp", "X-UStreamer-Online", "X-UStreamer-Dropped", "X-UStreamer-Width",
            "X-UStreamer-Height", "X-UStreamer-Client-FPS", "X-UStreamer-Grab-Time", "X-UStreamer-Send-Time", "X-UStreamer-Latency" })
        {
            Assert.True(headers.ContainsKey(name), name);
        }

        Assert.True(headers["X-UStreamer-Online"] is "true" or "false");
        Assert.True(int.Parse(headers["X-UStreamer-Width"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(headers["X-UStreamer-Height"], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task UstreamerSnapshot_IsAJpegWithUstreamerHeaders()
    {
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/streamer/snapshot", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, bytes[..2]);
        Assert.True(response.Headers.Contains("X-UStreamer-Online"));
        Assert.True(int.Parse(response.Headers.GetValues("X-UStreamer-Width").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private async Task<JsonElement> GetResultAsync(string path)
    {
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.True(body.GetProperty("ok").GetBoolean());
        return body.GetProperty("result");
    }
}
