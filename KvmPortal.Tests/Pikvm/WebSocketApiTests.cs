using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Api;
using Microsoft.AspNetCore.TestHost;
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
        var atx = app.Factory.Services.GetRequiredService<IAtxPower>();
        await WaitUntilAsync(() => !atx.State.Busy); // another test of this class may have clicked just now
        using (var on = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/atx/power?action=on&wait=1", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)on.StatusCode);
        }

        await WaitUntilAsync(() => target.IsPoweredOn);
        using var viewer = await ConnectAsync(app.ViewTokenText);
        await SendKeyTextAsync(viewer, "KeyQ");
        await SendBinaryPingAsync(viewer);

        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=ws&permissions=View,Control", UriKind.Relative), null);
        var token = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result").GetProperty("token").GetString()!;
        using var operatorSocket = await ConnectAsync(token);
        await SendKeyTextAsync(operatorSocket, "KeyZ");
        var binary = new byte[] { 1, 0x03 }.Concat(Encoding.ASCII.GetBytes("KeyX")).ToArray(); // state + finish
        await operatorSocket.SendAsync(binary, WebSocketMessageType.Binary, true, CancellationToken.None);
        await SendBinaryPingAsync(operatorSocket);
        await WaitUntilAsync(() => target.ScreenText.Contains("zx", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("q", target.ScreenText.Split('\n').Last(l => l.Contains("zx", StringComparison.OrdinalIgnoreCase)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RevokingTheToken_StopsInputOnTheOpenSocket()
    {
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        var atx = app.Factory.Services.GetRequiredService<IAtxPower>();
        await WaitUntilAsync(() => !atx.State.Busy);
        using (var on = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/atx/power?action=on&wait=1", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)on.StatusCode);
        }

        await WaitUntilAsync(() => target.IsPoweredOn);
        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/tokens/create?name=revoke-me&permissions=View,Control", UriKind.Relative), null);
        var result = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result");
        using var socket = await ConnectAsync(result.GetProperty("token").GetString()!);
        await SendKeyTextAsync(socket, "KeyJ");
        await SendBinaryPingAsync(socket);
        await WaitUntilAsync(() => target.ScreenText.Contains('j', StringComparison.OrdinalIgnoreCase));
        var before = target.ScreenText;

        var id = result.GetProperty("info").GetProperty("id").GetString();
        using (var revoke = await app[ApiTestApp.Operator].PostAsync(new Uri($"/api/tokens/revoke?id={id}", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)revoke.StatusCode);
        }

        // The socket re-reads its permissions at most once a second; after that window every input event is refused.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await SendKeyTextAsync(socket, "KeyK");
        await SendBinaryPingAsync(socket);
        Assert.Equal(before, target.ScreenText);
    }

    private async Task<WebSocket> ConnectAsync(string token)
    {
        var client = app.Factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
        var url = new UriBuilder(app.Factory.Server.BaseAddress) { Scheme = "ws", Path = "/api/ws" }.Uri;
        return await client.ConnectAsync(url, CancellationToken.None);
    }

    private static async Task SendKeyTextAsync(WebSocket socket, string key)
    {
        foreach (var state in new[] { true, false })
        {
            var json = JsonSerializer.Serialize(new { event_type = "key", @event = new { key, state } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
    }

    /// <summary>Sends opcode 0 and waits for the [255] pong: every event sent before it has been handled.</summary>
    private static async Task SendBinaryPingAsync(WebSocket socket)
    {
        await socket.SendAsync(new byte[] { 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[65536];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Binary && result.Count == 1 && buffer[0] == 255)
            {
                return;
            }
        }
    }

    private static async Task<JsonElement> ReceiveJsonAsync(WebSocket socket)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
            if (result.EndOfMessage)
            {
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                    return document.RootElement.Clone();
                }

                length = 0;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the simulated target");
            await Task.Delay(50);
        }
    }
}
