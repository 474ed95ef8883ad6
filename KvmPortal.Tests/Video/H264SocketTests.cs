using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Video;

/// <summary>
/// H.264 over the frame WebSocket on a real Kestrel socket, the simulated target and the real openh264: the header's codec and
/// key-frame bits, and at the byte level (Annex-B NAL types) that no viewer ever starts on a P-frame. PiKVM's h264 parameters too.
/// </summary>
public sealed class H264SocketTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();
    private CookieContainer? _cookies;

    [Fact]
    public async Task H264Viewer_StartsOnAnIdrWithParameterSets_ThenGetsPFrames_AndASecondViewerJoiningMidStreamStartsOnAKeyFrame()
    {
        using var http = await LoggedInAsync();
        PowerOn();
        using var a = await ConnectAsync(http, "?codec=h264");
        var first = await ReceiveAsync(a);
        AssertKeyAccessUnit(first);
        Assert.Equal((1280, 720), (first.Width, first.Height));

        var sawP = false;
        for (var i = 0; i < 6 && !sawP; i++)
        {
            Type(i);
            var unit = await ReceiveAsync(a);
            Assert.Equal(FrameSocketEndpoint.CodecH264, unit.Codec);
            var types = CodedFrameInspector.H264NalTypes(unit.Payload);
            Assert.Equal(types.Contains(5), unit.Key);
            sawP |= !unit.Key && types.Contains(1);
        }

        Assert.True(sawP, "typing produced no P-frame: the stream would be all key frames");

        using var b = await ConnectAsync(http, "?codec=h264");
        AssertKeyAccessUnit(await ReceiveAsync(b));
        Type(9);
        var next = await ReceiveAsync(b);
        Assert.Equal(FrameSocketEndpoint.CodecH264, next.Codec);

        var state = _app.Services.GetRequiredService<H264Broadcaster>().GetState();
        Assert.StartsWith("openh264", state.Encoder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SwitchesToMjpegAndBack_WithTextMessages_AndTheFirstH264FrameAfterTheSwitchIsAKeyFrame()
    {
        using var http = await LoggedInAsync();
        PowerOn();
        using var socket = await ConnectAsync(http, "");
        var jpeg = await ReceiveAsync(socket);
        Assert.Equal(FrameSocketEndpoint.CodecJpeg, jpeg.Codec);
        Assert.Equal([0xFF, 0xD8], jpeg.Payload[..2]);

        await SendTextAsync(socket, "h264");
        var h = await ReceiveUntilAsync(socket, FrameSocketEndpoint.CodecH264);
        AssertKeyAccessUnit(h);

        await SendTextAsync(socket, "mjpeg");
        Type(1);
        var back = await ReceiveUntilAsync(socket, FrameSocketEndpoint.CodecJpeg);
        Assert.Equal([0xFF, 0xD8], back.Payload[..2]);

        Type(2);
        await SendTextAsync(socket, "h264");
        AssertKeyAccessUnit(await ReceiveUntilAsync(socket, FrameSocketEndpoint.CodecH264));
    }

    [Fact]
    public async Task OnAStaticScreen_SwitchingFromH264ToMjpeg_SendsAFreshJpegWithoutWaitingForAChange()
    {
        using var http = await LoggedInAsync();
        PowerOn();
        using var socket = await ConnectAsync(http, "?codec=h264");
        AssertKeyAccessUnit(await ReceiveAsync(socket));
        await Task.Delay(500);
        await SendTextAsync(socket, "mjpeg");
        var jpeg = await ReceiveUntilAsync(socket, FrameSocketEndpoint.CodecJpeg);
        Assert.Equal([0xFF, 0xD8], jpeg.Payload[..2]);
    }

    [Fact]
    public async Task UnknownCodec_Is400()
    {
        using var http = await LoggedInAsync();
        using var response = await http.GetAsync(new Uri("/api/streamer/ws?codec=vp9", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task StreamerState_ReportsH264Params_AndSetParamsAcceptsThemInKvmdsRanges()
    {
        using var http = await LoggedInAsync();
        using (var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/streamer", UriKind.Relative))))
        {
            var result = doc.RootElement.GetProperty("result");
            Assert.True(result.GetProperty("features").GetProperty("h264").GetBoolean());
            Assert.Equal(5000, result.GetProperty("params").GetProperty("h264_bitrate").GetInt32());
            Assert.Equal(0, result.GetProperty("params").GetProperty("h264_gop").GetInt32());
            Assert.Equal(20000, result.GetProperty("limits").GetProperty("h264_bitrate").GetProperty("max").GetInt32());
            Assert.Equal(60, result.GetProperty("limits").GetProperty("h264_gop").GetProperty("max").GetInt32());
        }

        using (var ok = await http.PostAsync(new Uri("/api/streamer/set_params?h264_bitrate=1500&h264_gop=30", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        foreach (var bad in new[] { "h264_bitrate=24", "h264_bitrate=20001", "h264_gop=61", "h264_gop=x" })
        {
            using var refused = await http.PostAsync(new Uri("/api/streamer/set_params?" + bad, UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var after = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/streamer", UriKind.Relative)));
        var applied = after.RootElement.GetProperty("result").GetProperty("applied");
        Assert.Equal((1500, 30), (applied.GetProperty("h264_bitrate").GetInt32(), applied.GetProperty("h264_gop").GetInt32()));
        var broadcaster = _app.Services.GetRequiredService<H264Broadcaster>();
        Assert.Equal((1500, 30), (broadcaster.BitrateKbps, broadcaster.Gop));
    }

    [Fact]
    public async Task H264Disabled_StateOmitsTheH264LimitsParamsAndStreamerObject_AsKvmdDoes_AndSetParamsRefusesThem()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Video:H264:Enabled", "false").UseRealSocket().Start();
        using var http = await LoggedInAsync(app);
        using (var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/streamer", UriKind.Relative))))
        {
            var result = doc.RootElement.GetProperty("result");
            Assert.False(result.GetProperty("features").GetProperty("h264").GetBoolean());
            var limits = result.GetProperty("limits");
            Assert.True(limits.TryGetProperty("desired_fps", out _));
            Assert.False(limits.TryGetProperty("h264_bitrate", out _), limits.GetRawText());
            Assert.False(limits.TryGetProperty("h264_gop", out _), limits.GetRawText());
            Assert.False(result.GetProperty("params").TryGetProperty("h264_bitrate", out _));
            Assert.False(result.GetProperty("applied").TryGetProperty("h264_gop", out _));
            Assert.False(result.GetProperty("streamer").TryGetProperty("h264", out _));
            Assert.True(result.GetProperty("streamer").TryGetProperty("source", out _));
        }

        using (var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/info?fields=system", UriKind.Relative))))
        {
            Assert.False(info.RootElement.GetProperty("result").GetProperty("system").GetProperty("streamer").GetProperty("features").GetProperty("h264").GetBoolean());
        }

        using var refused = await http.PostAsync(new Uri("/api/streamer/set_params?h264_bitrate=1500", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not support H264", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task H264Available_InfoReportsTheFeature_AndTheStreamerStateHasItsH264Object()
    {
        using var http = await LoggedInAsync();
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/info?fields=system", UriKind.Relative)));
        Assert.True(info.RootElement.GetProperty("result").GetProperty("system").GetProperty("streamer").GetProperty("features").GetProperty("h264").GetBoolean());
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/streamer", UriKind.Relative)));
        var h264 = doc.RootElement.GetProperty("result").GetProperty("streamer").GetProperty("h264");
        Assert.Equal(5000, h264.GetProperty("bitrate").GetInt32());
    }

    [Fact]
    public async Task EncoderThatFailsForGood_ViewerIsToldWhyInATextMessage_ThenGetsMjpeg_AndTheStateShowsTheError()
    {
        // A real failure through the production factory: the configured M2M node is no encoder (QUERYCAP fails), twice.
        using var app = new KvmAppFactory().With("KvmPortal:Video:H264:Encoder", "M2m").With("KvmPortal:Video:H264:M2mDevice", "/dev/null")
            .UseRealSocket().Start();
        using var http = await LoggedInAsync(app);
        var target = app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        using var socket = await ConnectAsync(http, "?codec=h264");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[256 * 1024];
        var first = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, first.MessageType);
        var text = Encoding.UTF8.GetString(buffer, 0, first.Count);
        Assert.StartsWith(FrameSocketSession.H264ErrorPrefix + "H.264 encoder failed: ", text, StringComparison.Ordinal);
        Assert.Contains("/dev/null", text, StringComparison.Ordinal);

        var jpeg = await ReceiveAsync(socket);
        Assert.Equal(FrameSocketEndpoint.CodecJpeg, jpeg.Codec);
        Assert.Equal([0xFF, 0xD8], jpeg.Payload[..2]);
        var state = app.Services.GetRequiredService<H264Broadcaster>().GetState();
        Assert.Contains("/dev/null", state.Error, StringComparison.Ordinal);
        Assert.Equal(0, state.Units);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>The first NAL unit is the SPS, then the PPS, then IDR slices; no non-IDR slice anywhere.</summary>
    private static void AssertKeyAccessUnit(Frame frame)
    {
        Assert.Equal(FrameSocketEndpoint.CodecH264, frame.Codec);
        Assert.True(frame.Key);
        var types = CodedFrameInspector.H264NalTypes(frame.Payload);
        Assert.Equal(7, types[0]);
        Assert.Contains(8, types);
        Assert.Contains(5, types);
        Assert.DoesNotContain(1, types);
    }

    private void PowerOn()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
    }

    private void Type(int i)
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.KeyboardReport([0, 0, (byte)(0x04 + (i % 20)), 0, 0, 0, 0, 0]);
        target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
    }

    private Task<HttpClient> LoggedInAsync() => LoggedInAsync(_app);

    private async Task<HttpClient> LoggedInAsync(KvmAppFactory app)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = app.ServerAddress };
        using var portal = new PortalClient(new HttpClient(handler, disposeHandler: false) { BaseAddress = app.ServerAddress });
        using var login = await portal.LoginAsync("admin", KvmAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        _cookies = handler.CookieContainer;
        return client;
    }

    private async Task<ClientWebSocket> ConnectAsync(HttpClient http, string query)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        var uri = new UriBuilder(new Uri(http.BaseAddress!, "/api/streamer/ws" + query)) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    private static async Task SendTextAsync(ClientWebSocket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<Frame> ReceiveUntilAsync(ClientWebSocket socket, byte codec)
    {
        for (var i = 0; i < 20; i++)
        {
            var frame = await ReceiveAsync(socket);
            if (frame.Codec == codec)
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"no frame with codec {codec} in 20 messages");
    }

    private static async Task<Frame> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        var data = message.ToArray();
        Assert.True(data.Length > FrameSocketEndpoint.HeaderSize);
        return new Frame(
            BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(8)), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(10)),
            data[14], (data[15] & FrameSocketEndpoint.FlagKeyFrame) != 0, data[FrameSocketEndpoint.HeaderSize..]);
    }

    private sealed record Frame(int Width, int Height, byte Codec, bool Key, byte[] Payload);
}
