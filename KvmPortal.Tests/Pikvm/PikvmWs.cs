using System.Net.WebSockets;
using System.Text.Json;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Pikvm;

/// <summary>Test helpers for the PiKVM compatibility tests: a token WebSocket, kvmd's binary ping barrier, JSON receive, power-on.</summary>
internal static class PikvmWs
{
    public static async Task<WebSocket> ConnectAsync(ApiTestApp app, string token, string query = "")
    {
        var client = app.Factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
        var url = new UriBuilder(app.Factory.Server.BaseAddress) { Scheme = "ws", Path = "/api/ws", Query = query }.Uri;
        return await client.ConnectAsync(url, CancellationToken.None);
    }

    public static async Task<string> ControlTokenAsync(ApiTestApp app, string name)
    {
        using var created = await app[ApiTestApp.Operator].PostAsync(new Uri($"/api/tokens/create?name={name}&permissions=View,Control", UriKind.Relative), null);
        Assert.Equal(200, (int)created.StatusCode);
        return (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result").GetProperty("token").GetString()!;
    }

    /// <summary>Sends opcode 0 and waits for kvmd's one-byte pong [255]: every event sent before it has been handled.</summary>
    public static async Task PingBarrierAsync(WebSocket socket)
    {
        await socket.SendAsync(new byte[] { 0 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[1 << 20];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Binary && result.Count == 1 && buffer[0] == 255)
            {
                return;
            }
        }
    }

    /// <summary>The next text message, or null when none arrives within <paramref name="wait"/>.</summary>
    public static async Task<JsonElement?> ReceiveJsonAsync(WebSocket socket, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                    return document.RootElement.Clone();
                }

                length = 0;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task PowerOnAsync(ApiTestApp app)
    {
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        var atx = app.Factory.Services.GetRequiredService<IAtxPower>();
        await WaitUntilAsync(() => !atx.State.Busy);
        using (var on = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/atx/power?action=on&wait=1", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)on.StatusCode);
        }

        await WaitUntilAsync(() => target.IsPoweredOn);
    }

    public static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, "a condition");
}
