using System.Net.WebSockets;
using System.Text;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// kvmd's HID contract (facts from kvmd/apps/kvmd/api/hid.py, kvmd/validators/hid.py, kvmd/clients/kvmd.py): <c>/hid/print</c>'s
/// <c>delay</c> is a float 0..5 (the web UI sends 0.02); <c>set_params</c> takes kvmd's output names as kvmd-vnc sends them; binary
/// <c>/api/ws</c> key and button events with flag bit 7 carry a big-endian u16 evdev code (kvmd-vnc's form).
/// </summary>
public sealed class PikvmHidCompatibilityTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    // Linux input-event-codes.h: KEY_Q 16, KEY_W 17, KEY_Z 44, KEY_X 45, KEY_LEFTSHIFT 42, BTN_LEFT 0x110, BTN_RIGHT 0x111.
    private const int KeyQ = 16, KeyW = 17, KeyZ = 44, KeyX = 45, LeftShift = 42, BtnLeft = 0x110, BtnRight = 0x111;

    [Theory]
    [InlineData("delay=0.02", 200)]
    [InlineData("delay=0", 200)]
    [InlineData("delay=5", 200)]
    [InlineData("slow=1", 200)]
    [InlineData("delay=1e-2", 200)]
    [InlineData("delay=5.01", 400)]
    [InlineData("delay=-0.01", 400)]
    [InlineData("delay=fast", 400)]
    [InlineData("delay=NaN", 400)]
    public async Task Print_DelayIsAFloatFrom0To5(string query, int expected)
    {
        using var content = new StringContent(expected == 200 ? "" : "a", Encoding.UTF8, "text/plain");
        using var response = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/hid/print?" + query, UriKind.Relative), content);
        Assert.Equal(expected, (int)response.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.Equal(expected == 200, body.GetProperty("ok").GetBoolean());
        if (expected != 200)
        {
            Assert.Equal("ValidatorError", body.GetProperty("result").GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Print_WithTheWebUisDelay_TypesTheText()
    {
        await PikvmWs.PowerOnAsync(app);
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        using var content = new StringContent("pikvm paste 42", Encoding.UTF8, "text/plain");
        using var response = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/hid/print?limit=0&keymap=en-us&delay=0.02", UriKind.Relative), content);
        Assert.Equal(200, (int)response.StatusCode);
        await PikvmWs.WaitUntilAsync(() => target.ScreenText.Contains("pikvm paste 42", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("keyboard_output=usb&mouse_output=usb", 200)] // what kvmd-vnc's client sends on connect
    [InlineData("mouse_output=usb_rel", 200)]
    [InlineData("mouse_output=usb_win98", 200)]
    [InlineData("keyboard_output=ps2", 200)]
    [InlineData("keyboard_output=disabled&mouse_output=disabled", 200)]
    [InlineData("keyboard_output=bluetooth", 400)]
    [InlineData("mouse_output=usb_abs", 400)]
    public async Task SetParams_AcceptsKvmdsOutputNames(string query, int expected)
    {
        using var response = await app[ApiTestApp.Operator].PostAsync(new Uri("/api/hid/set_params?" + query, UriKind.Relative), null);
        Assert.Equal(expected, (int)response.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.Equal(expected == 200, body.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task SetParams_NeedsControl()
    {
        using var response = await app[ApiTestApp.Viewer].PostAsync(new Uri("/api/hid/set_params?keyboard_output=usb&mouse_output=usb", UriKind.Relative), null);
        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task BinaryRawEvdevKeys_AreTyped()
    {
        await PikvmWs.PowerOnAsync(app);
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        using var socket = await PikvmWs.ConnectAsync(app, await PikvmWs.ControlTokenAsync(app, "raw-keys"));
        // [op 1][flags: 0x80 raw | 0x01 pressed | 0x02 finish][code u16 BE]
        await SendAsync(socket, 1, 0x81, LeftShift);
        await SendAsync(socket, 1, 0x83, KeyQ); // finish: released at once
        await SendAsync(socket, 1, 0x80, LeftShift);
        await SendAsync(socket, 1, 0x81, KeyW);
        await SendAsync(socket, 1, 0x80, KeyW);
        await SendAsync(socket, 1, 0x81, KeyZ);
        await SendAsync(socket, 1, 0x80, KeyZ);
        await SendAsync(socket, 1, 0x81, 0x2FF); // not a key in kvmd's keymap: dropped
        await SendAsync(socket, 1, 0x81, KeyX);
        await SendAsync(socket, 1, 0x80, KeyX);
        await PikvmWs.PingBarrierAsync(socket);
        await PikvmWs.WaitUntilAsync(() => target.ScreenText.Contains("Qwzx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BinaryRawEvdevButtons_PressAndRelease()
    {
        await PikvmWs.PowerOnAsync(app);
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        using var socket = await PikvmWs.ConnectAsync(app, await PikvmWs.ControlTokenAsync(app, "raw-buttons"));
        await SendAsync(socket, 2, 0x81, BtnLeft);
        await SendAsync(socket, 2, 0x81, BtnRight);
        await PikvmWs.PingBarrierAsync(socket);
        await PikvmWs.WaitUntilAsync(() => target.MouseButtons == 0x03);
        await SendAsync(socket, 2, 0x80, BtnLeft);
        await PikvmWs.PingBarrierAsync(socket);
        await PikvmWs.WaitUntilAsync(() => target.MouseButtons == 0x02);
        await SendAsync(socket, 2, 0x80, BtnRight);
        await socket.SendAsync(new byte[] { 2, 0x81, 0x01 }, WebSocketMessageType.Binary, true, CancellationToken.None); // truncated: ignored
        await PikvmWs.PingBarrierAsync(socket);
        await PikvmWs.WaitUntilAsync(() => target.MouseButtons == 0);
    }

    private static Task SendAsync(WebSocket socket, byte op, byte flags, int code) =>
        socket.SendAsync(new[] { op, flags, (byte)(code >> 8), (byte)(code & 0xFF) }, WebSocketMessageType.Binary, true, CancellationToken.None);
}
