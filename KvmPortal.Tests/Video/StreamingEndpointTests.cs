using System.Net;
using System.Net.WebSockets;
using System.Text;
using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Video;

/// <summary>MJPEG, snapshot and frame WebSocket over a real Kestrel socket, on the simulated target.</summary>
public sealed class StreamingEndpointTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();

    [Fact]
    public async Task Snapshot_Is503WhenOff_UnlessAllowOffline_And200WithTheRightSizeWhenOn()
    {
        using var client = await LoggedInAsync(Roles.Viewer);
        using (var off = await client.GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, off.StatusCode);
            Assert.Contains("\"ok\":false", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var offline = await client.GetAsync(new Uri("/api/streamer/snapshot?allow_offline=1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, offline.StatusCode);
            Assert.Equal("false", offline.Headers.GetValues("X-UStreamer-Online").Single());
        }

        PowerOn();
        var jpeg = await PollSnapshotAsync(client, "/api/streamer/snapshot");
        var header = JpegInspector.ReadHeader(jpeg);
        Assert.Equal((1280, 720), (header.Width, header.Height));

        var preview = await PollSnapshotAsync(client, "/api/streamer/snapshot?preview=1&preview_max_width=320");
        var small = JpegInspector.ReadHeader(preview);
        Assert.Equal((320, 180), (small.Width, small.Height));

        using var bad = await client.GetAsync(new Uri("/api/streamer/snapshot?preview=maybe", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Mjpeg_SendsMultipartJpegParts_WithLengthAndTimestamp_AndAStalledClientDoesNotSlowAnother()
    {
        PowerOn();
        using var reader = await LoggedInAsync(Roles.Viewer);
        using var staller = await LoggedInAsync(Roles.Viewer);
        using var stalled = await staller.GetAsync(new Uri("/api/streamer/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        // The stalled client never reads its body.
        using var response = await reader.GetAsync(new Uri("/api/streamer/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("multipart/x-mixed-replace; boundary=boundarydonotcross", response.Content.Headers.ContentType?.ToString());
        await using var body = await response.Content.ReadAsStreamAsync();
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        var parts = 0;
        for (var i = 0; i < 5; i++)
        {
            // Make the picture change so a new frame is encoded.
            target.KeyboardReport([0, 0, (byte)(0x04 + i), 0, 0, 0, 0, 0]);
            target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
            var part = await ReadPartAsync(body);
            Assert.Equal("image/jpeg", part.Headers["Content-Type"]);
            Assert.Equal(part.Data.Length, int.Parse(part.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Matches(@"^\d+\.\d{6}$", part.Headers["X-Timestamp"]);
            Assert.Equal(1280, JpegInspector.ReadHeader(part.Data).Width);
            parts++;
        }

        Assert.Equal(5, parts);
        var state = _app.Services.GetRequiredService<VideoStreamer>().GetState();
        Assert.Equal(2, state.Viewers.Count(v => v.Name.StartsWith("mjpeg", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stream_And_WebSocket_RequireLogin()
    {
        using var anonymous = new HttpClient { BaseAddress = _app.ServerAddress };
        using var stream = await anonymous.GetAsync(new Uri("/api/streamer/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        using var socket = new ClientWebSocket();
        var wsUri = new UriBuilder(_app.ServerAddress) { Scheme = "ws", Path = "/api/streamer/ws" }.Uri;
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(wsUri, CancellationToken.None));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private void PowerOn()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
    }

    private async Task<HttpClient> LoggedInAsync(string role)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..8];
        Assert.Empty(await _app.Services.GetRequiredService<UserAdministration>().CreateAsync(name, TestPasswords.User, role, CancellationToken.None));
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = _app.ServerAddress };
        var login = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.UserName"] = name, ["Input.Password"] = TestPasswords.User,
        });
        using var posted = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return client;
    }

    private static async Task<byte[]> PollSnapshotAsync(HttpClient client, string path)
    {
        for (var i = 0; i < 300; i++) // up to 30 s: the first online frame after power-on (instant when idle)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadAsByteArrayAsync();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no online snapshot within 30 s");
    }

    private static async Task<(Dictionary<string, string> Headers, byte[] Data)> ReadPartAsync(Stream body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string line;
        while ((line = await ReadLineAsync(body)) is "" or "--boundarydonotcross")
        {
        }

        while (line.Length > 0)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
            line = await ReadLineAsync(body);
        }

        var data = new byte[int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture)];
        await body.ReadExactlyAsync(data);
        return (headers, data);
    }

    private static async Task<string> ReadLineAsync(Stream body)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await body.ReadExactlyAsync(one);
            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }
}
