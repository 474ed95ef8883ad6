using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Pikvm;

/// <summary><c>/api/ws</c>: the loop event and full states first, diffs later, JSON and binary input gated by the Control permission.</summary>
public sealed class WebSocketApiTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task Connect_SendsLoopThenFullStates_ThenDiffsOnChange()
    {
        using var socket = await ConnectAsync(app.ViewTokenText);
        var first = await ReceiveJsonAsync(socket);
        Assert.Equal("loop", first.GetProperty("event_type").GetString());
        var seen = new Dictionary<string, JsonElement>();
        while (seen.Count < 6)
        {
            var message = await ReceiveJsonAsync(socket);
            seen[message.GetProperty("event_type").GetString()!] = message.GetProperty("event");
        }

        Assert.True(seen["atx"].TryGetProperty("leds", out _));
        Assert.True(seen["hid"].TryGetProperty("keyboard", out _));
        Assert.True(seen["msd"].TryGetProperty("storage", out _));
        Assert.True(seen["streamer"].TryGetProperty("streamer", out _));
        Assert.True(seen["hid_keymaps"].TryGetProperty("keymaps", out _));
        Assert.True(seen["clients"].GetProperty("count").GetInt32() >= 1);

        using (var jiggler = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/hid/set_params?jiggler=1", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)jiggler.StatusCode);
        }

        JsonElement hid;
        do
        {
            hid = await ReceiveJsonAsync(socket);
        }
        while (hid.GetProperty("event_type").GetString() != "hid" || !hid.GetProperty("event").TryGetProperty("jiggler", out _));

        using (var jiggler = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/hid/set_params?jiggler=0", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)jiggler.StatusCode);
        }

        var diff = hid.GetProperty("event");
        Assert.True(diff.GetProperty("jiggler").GetProperty("enabled").GetBoolean());
        Assert.True(diff.GetProperty("keyboard").TryGetProperty("leds", out _)); // kvmd sends hid whole: the UI replaces keyboard/mouse
    }

    [Fact]
    public async Task Input_IsTypedForControl_AndIgnoredForViewOnly()
    {
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        await PikvmWs.PowerOnAsync(app); // waits first: another test of this class may have clicked just now
        using var viewer = await ConnectAsync(app.ViewTokenText);
        await SendKeyTextAsync(viewer, "KeyQ");
        await PikvmWs.PingBarrierAsync(viewer);

        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=ws&permissions=View,Control", UriKind.Relative), null);
        var token = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result").GetProperty("token").GetString()!;
        using var operatorSocket = await ConnectAsync(token);
        await SendKeyTextAsync(operatorSocket, "KeyZ");
        var binary = new byte[] { 1, 0x03 }.Concat(Encoding.ASCII.GetBytes("KeyX")).ToArray(); // state + finish
        await operatorSocket.SendAsync(binary, WebSocketMessageType.Binary, true, CancellationToken.None);
        await PikvmWs.PingBarrierAsync(operatorSocket);
        await PikvmWs.WaitUntilAsync(() => target.ScreenText.Contains("zx", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("q", target.ScreenText.Split('\n').Last(l => l.Contains("zx", StringComparison.OrdinalIgnoreCase)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RevokingTheToken_StopsInputOnTheOpenSocket()
    {
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        await PikvmWs.PowerOnAsync(app);
        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=revoke-me&permissions=View,Control", UriKind.Relative), null);
        var result = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result");
        using var socket = await ConnectAsync(result.GetProperty("token").GetString()!);
        await SendKeyTextAsync(socket, "KeyJ");
        await PikvmWs.PingBarrierAsync(socket);
        await PikvmWs.WaitUntilAsync(() => target.ScreenText.Contains('j', StringComparison.OrdinalIgnoreCase));
        var before = target.ScreenText;

        var id = result.GetProperty("info").GetProperty("id").GetString();
        using (var revoke = await app[ApiTestApp.Operator].PostAsync(new Uri($"/api/tokens/revoke?id={id}", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)revoke.StatusCode);
        }

        // Revoking the token ends the socket opened with it (SessionRevocation); nothing more can be typed through it.
        var buffer = new byte[64 * 1024];
        var ended = Task.Run(async () =>
        {
            try
            {
                while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // Aborted by the server.
            }
        });
        Assert.Same(ended, await Task.WhenAny(ended, Task.Delay(TimeSpan.FromSeconds(1.5))));
        await Assert.ThrowsAnyAsync<Exception>(() => SendKeyTextAsync(socket, "KeyK"));
        Assert.Equal(before, target.ScreenText);
    }

    private Task<WebSocket> ConnectAsync(string token) => PikvmWs.ConnectAsync(app, token);

    private static async Task SendKeyTextAsync(WebSocket socket, string key)
    {
        foreach (var state in new[] { true, false })
        {
            var json = JsonSerializer.Serialize(new { event_type = "key", @event = new { key, state } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }

    private static async Task<JsonElement> ReceiveJsonAsync(WebSocket socket) =>
        await PikvmWs.ReceiveJsonAsync(socket, TimeSpan.FromSeconds(20)) ?? throw new TimeoutException("no JSON message within 20 s");
}
