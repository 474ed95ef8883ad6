using System.Net;
using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Macros;
using KvmPortal.Hid;
using KvmPortal.Tests.Hid;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Macros;

/// <summary>KvmPortal's additions to the API: macros (list, run) and the audit trail (query).</summary>
public sealed class MacrosAndAuditApiTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task Operator_ListsAndRunsASharedMacro_ViewerIsRefused_AdminReadsTheAuditRow()
    {
        var admin = _app.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await admin.CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Empty(await admin.CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        var id = await _app.Services.GetRequiredService<MacroStore>().SaveAsync("admin", "type-hi", shared: true,
            [MacroStep.Key("KeyH", true), MacroStep.Key("KeyH", false), MacroStep.Key("KeyI", true), MacroStep.Key("KeyI", false)],
            CancellationToken.None);

        using var op = Client("oscar", TestPasswords.User);
        using var list = JsonDocument.Parse(await op.GetStringAsync(new Uri("/api/macros", UriKind.Relative)));
        var macro = Assert.Single(list.RootElement.GetProperty("result").GetProperty("macros").EnumerateArray());
        Assert.Equal(("type-hi", 4), (macro.GetProperty("name").GetString(), macro.GetProperty("steps").GetInt32()));

        using (var run = await op.PostAsync(new Uri($"/api/macros/run?id={id}&speed=2", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        for (var i = 0; i < 300 && !target.ScreenText.Contains("> hi", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("> hi", target.ScreenText, StringComparison.Ordinal);
        using (var bad = await op.PostAsync(new Uri($"/api/macros/run?id={id}&speed=fast", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var missing = await op.PostAsync(new Uri("/api/macros/run?id=999", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var viewer = Client("vera", TestPasswords.User);
        using (var refused = await viewer.PostAsync(new Uri($"/api/macros/run?id={id}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var notAdmin = await op.GetAsync(new Uri("/api/audit", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        }

        await _app.Services.GetRequiredService<KvmPortal.Audit.IAuditLog>().FlushAsync(CancellationToken.None);
        using var adminClient = Client("admin", KvmAppFactory.AdminPassword);
        using var audit = JsonDocument.Parse(await adminClient.GetStringAsync(new Uri("/api/audit?action=macro.run&user=oscar", UriKind.Relative)));
        var rows = audit.RootElement.GetProperty("result").GetProperty("entries").EnumerateArray().ToList();
        var row = Assert.Single(rows, r => r.GetProperty("outcome").GetString() == "success");
        Assert.Equal(2, rows.Count(r => r.GetProperty("outcome").GetString() != "success")); // the invalid speed and the missing macro
        Assert.Equal(("type-hi", "success"), (row.GetProperty("target").GetString(), row.GetProperty("outcome").GetString()));
        using var badTime = await adminClient.GetAsync(new Uri("/api/audit?from=yesterday-ish", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);

        // A run the macro runner refuses (another user holds exclusive control): 403, and one audit row with the runner's reason.
        var presence = _app.Services.GetRequiredService<ConsolePresence>();
        var holder = ConsolePresenceTests.Admin("admin");
        presence.Join(holder);
        Assert.True(presence.SetMode(holder, ControlMode.Exclusive));
        using (var held = await op.PostAsync(new Uri($"/api/macros/run?id={id}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, held.StatusCode);
        }

        await _app.Services.GetRequiredService<KvmPortal.Audit.IAuditLog>().FlushAsync(CancellationToken.None);
        using var after = JsonDocument.Parse(await adminClient.GetStringAsync(new Uri("/api/audit?action=macro.run&user=oscar", UriKind.Relative)));
        var denied = after.RootElement.GetProperty("result").GetProperty("entries").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "denied").ToList();
        var refusal = Assert.Single(denied);
        Assert.Equal(("type-hi", InputGate.RefusedHeld), (refusal.GetProperty("target").GetString(), refusal.GetProperty("details").GetString()));
    }

    public void Dispose() => _app.Dispose();

    private HttpClient Client(string user, string password)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-KVMD-User", user);
        client.DefaultRequestHeaders.Add("X-KVMD-Passwd", password);
        return client;
    }
}
