using System.Diagnostics;
using System.Net.Http.Headers;
using KvmPortal.Data;
using KvmPortal.Hardware.Msd;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Api;

/// <summary>
/// Thousands of requests with malformed or random parameter values and bodies, as the admin (so they pass authorization and reach the
/// parsers), to every route: never a 5xx, and users, images and tokens are exactly as before. Bounded to about 40 s of sending.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private static readonly (string Method, string Path, (string Name, FuzzKind Kind)[] Parameters, bool Body)[] Routes =
    [
        ("POST", "/api/auth/login", [], true),
        ("GET", "/api/auth/check", [], false),
        ("GET", "/api/info", [("fields", FuzzKind.Choice), ("legacy", FuzzKind.Bool)], false),
        ("GET", "/api/hid", [], false),
        ("GET", "/api/hid/keymaps", [], false),
        ("GET", "/api/hid/inactivity", [], false),
        ("POST", "/api/hid/set_params", [("jiggler", FuzzKind.Bool), ("keyboard_output", FuzzKind.Choice), ("mouse_output", FuzzKind.Choice)], true),
        ("POST", "/api/hid/set_connected", [("connected", FuzzKind.Bool)], true),
        ("POST", "/api/hid/reset", [], true),
        ("POST", "/api/hid/print", [("keymap", FuzzKind.Choice), ("limit", FuzzKind.Number), ("slow", FuzzKind.Bool), ("delay", FuzzKind.Number)], true),
        ("POST", "/api/hid/events/send_key", [("key", FuzzKind.Choice), ("state", FuzzKind.Bool), ("finish", FuzzKind.Bool)], true),
        ("POST", "/api/hid/events/send_shortcut", [("keys", FuzzKind.Choice)], true),
        ("POST", "/api/hid/events/send_mouse_button", [("button", FuzzKind.Choice), ("state", FuzzKind.Bool)], true),
        ("POST", "/api/hid/events/send_mouse_move", [("to_x", FuzzKind.Number), ("to_y", FuzzKind.Number)], true),
        ("POST", "/api/hid/events/send_mouse_relative", [("delta_x", FuzzKind.Number), ("delta_y", FuzzKind.Number)], true),
        ("POST", "/api/hid/events/send_mouse_wheel", [("delta_x", FuzzKind.Number), ("delta_y", FuzzKind.Number)], true),
        ("GET", "/api/atx", [], false),
        ("POST", "/api/atx/power", [("action", FuzzKind.Choice), ("wait", FuzzKind.Bool)], true),
        ("POST", "/api/atx/click", [("button", FuzzKind.Choice), ("wait", FuzzKind.Bool)], true),
        ("GET", "/api/msd", [], false),
        ("POST", "/api/msd/set_params", [("image", FuzzKind.ImageName), ("cdrom", FuzzKind.Bool), ("rw", FuzzKind.Bool)], true),
        ("POST", "/api/msd/set_connected", [("connected", FuzzKind.Bool)], true),
        ("POST", "/api/msd/remove", [("image", FuzzKind.ImageName)], true),
        ("GET", "/api/msd/read", [("image", FuzzKind.ImageName), ("compress", FuzzKind.Choice)], false),
        ("POST", "/api/msd/write", [("image", FuzzKind.ImageName), ("prefix", FuzzKind.Free), ("remove_incomplete", FuzzKind.Bool), ("offset", FuzzKind.Number)], true),
        ("POST", "/api/msd/write_remote", [("url", FuzzKind.Url), ("image", FuzzKind.ImageName), ("timeout", FuzzKind.Number), ("insecure", FuzzKind.Bool)], true),
        ("GET", "/api/streamer", [], false),
        ("GET", "/api/streamer/snapshot", [("allow_offline", FuzzKind.Bool), ("preview", FuzzKind.Bool), ("preview_max_width", FuzzKind.Number), ("preview_quality", FuzzKind.Number)], false),
        ("POST", "/api/streamer/set_params", [("quality", FuzzKind.Number), ("desired_fps", FuzzKind.Number), ("resolution", FuzzKind.Choice)], true),
        ("GET", "/api/ws", [("stream", FuzzKind.Bool)], false),
        ("GET", "/api/export/prometheus/metrics", [], false),
        ("GET", "/api/users", [], false),
        ("POST", "/api/users/create", [("name", FuzzKind.Free), ("role", FuzzKind.Choice)], true),
        ("POST", "/api/users/disable", [("name", FuzzKind.Free), ("disabled", FuzzKind.Bool)], true),
        ("POST", "/api/users/delete", [("name", FuzzKind.Free)], true),
        ("POST", "/api/users/ipmi_password", [("name", FuzzKind.Free), ("clear", FuzzKind.Bool)], true),
        ("GET", "/api/sessions", [], false),
        ("GET", "/api/tokens", [], false),
        ("POST", "/api/tokens/create", [("name", FuzzKind.Free), ("permissions", FuzzKind.Choice), ("expires_days", FuzzKind.Number)], true),
        ("POST", "/api/tokens/revoke", [("id", FuzzKind.Free)], true),
        ("GET", "/api/wol", [], false),
        ("GET", "/openapi/v1.json", [], false),
        ("GET", "/redfish/v1", [], false),
        ("GET", "/redfish/v1/Systems/0", [], false),
        ("POST", "/redfish/v1/Systems/0/Actions/ComputerSystem.Reset", [], true),
        ("POST", "/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", [], true),
        ("POST", "/redfish/v1/SessionService/Sessions", [], true),
        ("GET", "/redfish/v1/SessionService/Sessions/{id}", [], false),
    ];

    private readonly ApiTestApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task MalformedParametersAndBodies_NeverGive5xx_AndChangeNothingStored()
    {
        var before = await SnapshotAsync();
        var inputs = new FuzzInputs(20261121);
        var client = _app[ApiTestApp.Admin];
        var failures = new List<string>();
        var budget = Stopwatch.StartNew();
        var sent = 0;
        while (sent < 4000 && budget.Elapsed < TimeSpan.FromSeconds(40))
        {
            var (method, path, parameters, body) = Routes[inputs.Pick(Routes.Length)];
            var query = new List<string>();
            foreach (var (name, kind) in parameters)
            {
                if (inputs.Chance(2) || query.Count == 0)
                {
                    query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(inputs.Next(kind)));
                }
            }

            if (inputs.Chance(4))
            {
                query.Add(Uri.EscapeDataString(inputs.RandomText(5)) + "=" + Uri.EscapeDataString(inputs.RandomText(5)));
            }

            var url = path.Replace("{id}", inputs.Word(), StringComparison.Ordinal) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (body)
            {
                request.Content = path == "/api/auth/login" && inputs.Chance(2)
                    ? new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = inputs.RandomText(8), ["passwd"] = inputs.RandomText(12) })
                    : new ByteArrayContent(inputs.Body());
                if (request.Content is ByteArrayContent && inputs.Chance(2))
                {
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(inputs.Chance(2) ? "application/json" : "text/plain");
                }
            }

            using var response = await client.SendAsync(request);
            sent++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {url} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(sent >= 1000, $"only {sent} requests fitted in the budget");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests gave 5xx:\n" + string.Join("\n", failures.Take(20)));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task RandomWebSocketFrames_AreIgnored_AndTheConnectionStaysUsable()
    {
        using var created = await _app[ApiTestApp.Admin].PostAsync(new Uri("/api/tokens/create?name=wsfuzz&permissions=View,Control", UriKind.Relative), null);
        var token = (await ApiTestApp.ReadJsonAsync(created)).GetProperty("result").GetProperty("token").GetString()!;
        var before = await SnapshotAsync();
        var client = _app.Factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
        using var socket = await client.ConnectAsync(new UriBuilder(_app.Factory.Server.BaseAddress) { Scheme = "ws", Path = "/api/ws" }.Uri, CancellationToken.None);
        var inputs = new FuzzInputs(7);
        var drain = DrainAsync(socket);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = inputs.Body();
            if (bytes.Length > 0 && inputs.Chance(2))
            {
                bytes[0] = (byte)(1 + inputs.Pick(6)); // a real opcode with a random payload
            }

            if (bytes.Length > 0 && bytes[0] == 0)
            {
                bytes[0] = 0x80; // keep opcode 0 (ping) for the final check, so only that one is answered with [255]
            }

            var text = inputs.Chance(3);
            if (text)
            {
                bytes = System.Text.Encoding.UTF8.GetBytes($"{{\"event_type\":\"{(inputs.Chance(2) ? "key" : "mouse_move")}\",\"event\":{(inputs.Chance(2) ? "{\"to\":{\"x\":\"a\"}}" : inputs.RandomText(10))}}}");
            }

            await socket.SendAsync(bytes, text ? System.Net.WebSockets.WebSocketMessageType.Text : System.Net.WebSockets.WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        await socket.SendAsync(new byte[] { 0 }, System.Net.WebSockets.WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.True(await drain, "no pong after the random frames: the connection died");
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Reads until the binary pong [255] arrives (true) or the socket closes (false).</summary>
    private static async Task<bool> DrainAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[1 << 20];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                return false;
            }

            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Binary && result.Count == 1 && buffer[0] == 255)
            {
                return true;
            }
        }
    }

    /// <summary>Everything stored that a request could change: users (with password hash, stamp, lockout), images and partial uploads, tokens.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = _app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var users = (await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync())
            .Select(u => string.Join('|', u.Id, u.UserName, u.PasswordHash, u.SecurityStamp, u.Disabled, u.AccessFailedCount, u.LockoutEnd));
        var roles = await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => r.UserId + ":" + r.RoleId).ToListAsync();
        var tokens = (await db.Set<ApiToken>().AsNoTracking().OrderBy(t => t.Id).ToListAsync())
            .Select(t => string.Join('|', t.Id, t.UserId, Convert.ToHexString(t.SecretHash), t.Permissions, t.ExpiresTicks, t.Revoked));
        var library = _app.Factory.Services.GetRequiredService<ImageLibrary>();
        var images = library.List().Select(i => $"{i.Name}|{i.Size}").Concat(library.ListPartial().Select(p => $"partial:{p.Name}|{p.Length}"));
        var files = Directory.EnumerateFileSystemEntries(library.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        return string.Join('\n', users.Concat(roles).Concat(tokens).Concat(images).Concat(files!));
    }
}
