using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Hosting;

/// <summary>
/// Stopping the app while clients still watch: an MJPEG stream, frame WebSockets in JPEG and H.264 and the PiKVM /api/ws are open
/// and have received data when the host stops. The server must end those streams itself (they never end on their own), and every
/// hosted service must stop without using up the host's shutdown timeout (30 s by default); before this was fixed the stop took
/// the whole timeout and the host then logged that the video pipeline "failed to stop" because its StopAsync got a cancelled token.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Far below the host's 30 s shutdown timeout, far above a prompt stop on a loaded 2-core machine (well under a second idle).</summary>
    private static readonly TimeSpan PromptStop = TimeSpan.FromSeconds(10);

    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();
    private readonly CookieContainer _cookies = new();

    [Fact]
    public async Task HostStop_WithMjpegFrameSocketsAndApiWsAttached_EndsTheStreams_AndEveryServiceStopsPromptly()
    {
        using var http = await LoggedInAsync();
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        Assert.True(_app.Services.GetRequiredService<H264Broadcaster>().Available, "openh264 (libopenh264-7) is missing");

        using var mjpeg = await http.GetAsync(new Uri("/api/streamer/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, mjpeg.StatusCode);
        await using var body = await mjpeg.Content.ReadAsStreamAsync();
        await ReadUntilAsync(body, "Content-Length:");
        using var jpegSocket = await ConnectAsync("/api/streamer/ws?codec=mjpeg");
        using var h264Socket = await ConnectAsync("/api/streamer/ws?codec=h264");
        using var apiSocket = await ConnectAsync("/api/ws");
        await ReceiveMessageAsync(jpegSocket);
        await ReceiveMessageAsync(h264Socket);
        await ReceiveMessageAsync(apiSocket);
        var streamer = _app.Services.GetRequiredService<VideoStreamer>();
        Assert.True(streamer.ViewerCount >= 3, $"{streamer.ViewerCount} viewers before the stop");

        // The clients keep reading (as a browser does) while the host stops.
        var ends = new[] { DrainAsync(body), DrainAsync(jpegSocket), DrainAsync(h264Socket), DrainAsync(apiSocket) };
        var clock = Stopwatch.StartNew();
        await _app.DisposeAsync();
        var stopped = clock.Elapsed;
        output.WriteLine($"host stop with 4 open streams: {stopped.TotalMilliseconds:0} ms");

        var hosting = _app.Logs.Lines.Where(l => l.Contains("Hosting", StringComparison.Ordinal) && l.Split(' ')[0] is "Warning" or "Error" or "Critical").ToList();
        Assert.True(hosting.Count == 0, "the host logged while stopping:\n" + string.Join('\n', hosting));
        Assert.True(stopped < PromptStop, $"the host took {stopped.TotalSeconds:0.0} s to stop with streams attached");
        var drained = await Task.WhenAll(ends).WaitAsync(PromptStop);
        Assert.All(drained, ended => Assert.True(ended, "a stream was still open after the host stopped"));
        Assert.Equal(0, streamer.ViewerCount);
    }

    [Fact]
    public async Task HostStop_SendsEachOpenWebSocketACloseFrame_1001ServerShuttingDown_BeforeDroppingIt()
    {
        using var http = await LoggedInAsync();
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        using var apiSocket = await ConnectAsync("/api/ws");
        using var frameSocket = await ConnectAsync("/api/streamer/ws?codec=mjpeg");
        await ReceiveMessageAsync(apiSocket);
        await ReceiveMessageAsync(frameSocket);

        // The clients read on and answer a close frame as a browser does, while the host stops.
        var closes = new[] { ReceiveCloseAsync(apiSocket), ReceiveCloseAsync(frameSocket) };
        var clock = Stopwatch.StartNew();
        await _app.DisposeAsync();
        output.WriteLine($"host stop with 2 open WebSockets: {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(clock.Elapsed < PromptStop, $"the host took {clock.Elapsed.TotalSeconds:0.0} s to stop");

        foreach (var (status, description) in await Task.WhenAll(closes).WaitAsync(PromptStop))
        {
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
            Assert.Equal("server shutting down", description);
        }

        var errors = _app.Logs.Lines.Where(l => l.Split(' ')[0] is "Error" or "Critical").ToList();
        Assert.True(errors.Count == 0, "the app logged errors while closing its WebSockets:\n" + string.Join('\n', errors));
    }

    public void Dispose() => _app.Dispose();

    /// <summary>Reads until the server's close frame and answers it; the close status and description (null: the connection was dropped).</summary>
    private static async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }

        }
        catch (WebSocketException ex)
        {
            return (null, $"dropped without a close frame ({ex.WebSocketErrorCode})");
        }

        var received = (socket.CloseStatus, socket.CloseStatusDescription);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The server gave up waiting for the answer: the close frame it sent is what this test is about.
        }

        return received;
    }

    /// <summary>Reads until the server ends the stream (true), or false if it is still open 30 s later.</summary>
    private static async Task<bool> DrainAsync(Stream body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return true; // the connection was closed or reset by the server
        }
    }

    private static async Task<bool> DrainAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
        catch (WebSocketException)
        {
            return true; // the server dropped the connection
        }
    }

    private static async Task ReadUntilAsync(Stream body, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the MJPEG stream ended before its first part");
            seen.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
    }

    private static async Task ReceiveMessageAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
        }
        while (!result.EndOfMessage);
    }

    private async Task<ClientWebSocket> ConnectAsync(string path)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        var uri = new UriBuilder(new Uri(_app.ServerAddress, path)) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    private async Task<HttpClient> LoggedInAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false };
        using var portal = new PortalClient(new HttpClient(handler, disposeHandler: false) { BaseAddress = _app.ServerAddress });
        using var login = await portal.LoginAsync("admin", KvmAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = _app.ServerAddress };
    }
}
