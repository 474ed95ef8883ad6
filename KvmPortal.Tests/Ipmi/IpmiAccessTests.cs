using System.Net.Http.Headers;
using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Ipmi;

/// <summary>Who may set an IPMI password through <c>/api/users/ipmi_password</c>, and how disabling, deleting or a new password ends open IPMI sessions.</summary>
public sealed class IpmiAccessTests(IpmiTestApp app) : IClassFixture<IpmiTestApp>
{
    [Fact]
    public async Task PasswordApi_LetsAdminsSetAnyones_UsersTheirOwn_AndRefusesTheRest()
    {
        using var vera = await app.LoginAsync("vera", TestPasswords.User);
        var own = IpmiTestApp.NewIpmiPassword();
        Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(vera, "vera", own + "\n"));
        app.IpmiPasswords["vera"] = own;
        using (var client = new RmcpPlusClient(app.Port))
        {
            Assert.Equal(0, await client.OpenAsync("vera", own, role: 0x12));
        }

        Assert.Equal(403, await IpmiTestApp.SetIpmiPasswordAsync(vera, "otto", IpmiTestApp.NewIpmiPassword()));
        Assert.Equal(404, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "nobody", IpmiTestApp.NewIpmiPassword()));
        Assert.Equal(400, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "otto", "short"));
        Assert.Equal(400, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "otto", new string('x', 21)));
        Assert.Equal(400, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "otto", "pässwort-lang"));

        using var created = await app.Admin.PostAsync(new Uri("/api/tokens/create?name=ipmi&permissions=View", UriKind.Relative), null);
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("token").GetString();
        using var tokenClient = new HttpClient { BaseAddress = app.Factory.ServerAddress };
        tokenClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(403, await IpmiTestApp.SetIpmiPasswordAsync(tokenClient, "admin", IpmiTestApp.NewIpmiPassword()));

        using var anonymous = new HttpClient { BaseAddress = app.Factory.ServerAddress };
        Assert.Equal(401, await IpmiTestApp.SetIpmiPasswordAsync(anonymous, "admin", IpmiTestApp.NewIpmiPassword()));

        // Cleared: IPMI is off for vera again.
        Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "vera", "", "&clear=true"));
        using (var client = new RmcpPlusClient(app.Port))
        {
            Assert.Equal(0x0D, await client.OpenAsync("vera", own, role: 0x12));
        }

        var rows = await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.PasswordSet);
        Assert.Contains(rows, r => r.User == "vera" && r.Target == "vera");
        Assert.DoesNotContain(rows, r => (r.Details ?? "").Contains(own, StringComparison.Ordinal));
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.PasswordCleared), r => r.Target == "vera");
    }

    [Fact]
    public async Task DisablingTheUser_EndsTheirSession_AndSoDoesANewIpmiPassword()
    {
        using (var client = new RmcpPlusClient(app.Port, cipherSuite: 17))
        {
            Assert.Equal(0, await client.OpenAsync("otto", app.IpmiPasswords["otto"]));
            Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x00, 0x01))!.Value.Code);
            using (var disable = await app.Admin.PostAsync(new Uri("/api/users/disable?name=otto&disabled=true", UriKind.Relative), null))
            {
                Assert.True(disable.IsSuccessStatusCode);
            }

            Assert.Null(await client.CommandAsync(0x00, 0x01));
            using var enable = await app.Admin.PostAsync(new Uri("/api/users/disable?name=otto&disabled=false", UriKind.Relative), null);
            Assert.True(enable.IsSuccessStatusCode);
            Assert.Null(await client.CommandAsync(0x00, 0x01)); // the session stays ended
        }

        using (var client = new RmcpPlusClient(app.Port))
        {
            Assert.Equal(0, await client.OpenAsync("otto", app.IpmiPasswords["otto"]));
            Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x00, 0x01))!.Value.Code);
            app.IpmiPasswords["otto"] = IpmiTestApp.NewIpmiPassword();
            Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "otto", app.IpmiPasswords["otto"]));
            Assert.Null(await client.CommandAsync(0x00, 0x01));
        }

        var closed = await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.SessionClosed);
        Assert.Contains(closed, r => r.User == "otto" && r.Details == "revoked");
        Assert.Contains(closed, r => r.User == "otto" && r.Details == "IPMI password changed");
    }

    [Fact]
    public async Task RetransmittedPowerCommand_RunsOnce_ButRepeatedReadsAreFresh()
    {
        await app.EnsurePowerAsync(on: false);
        using var client = new RmcpPlusClient(app.Port, cipherSuite: 17);
        Assert.Equal(0, await client.OpenAsync("admin", app.IpmiPasswords["admin"]));
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x06, 0x3B, 0x04))!.Value.Code);
        var powerRows = (await AuditRows.OfAsync(app.Factory.Services, KvmPortal.Audit.AuditActions.Power)).Count;
        var statusReads = app.Metrics.CommandCount("get_chassis_status", "ok");

        client.HoldRequestSequence = true;
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x00, 0x02, 0x01))!.Value.Code); // power up
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x00, 0x02, 0x01))!.Value.Code); // the retry: answered, not run again
        Assert.Equal(powerRows + 1, (await AuditRows.OfAsync(app.Factory.Services, KvmPortal.Audit.AuditActions.Power)).Count);

        await IpmiTestApp.WaitUntilAsync(() => app.Target.IsPoweredOn, "the target to power on");
        await app.WaitUntilIdleAsync();
        Assert.Equal(1, (await client.CommandAsync(0x00, 0x01))!.Value.Data[0] & 0x01);
        Assert.Equal(1, (await client.CommandAsync(0x00, 0x01))!.Value.Data[0] & 0x01);
        Assert.Equal(statusReads + 2, app.Metrics.CommandCount("get_chassis_status", "ok"));
    }

    [Fact]
    public async Task DeletingTheUser_EndsTheirSession()
    {
        var admin = app.Factory.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await admin.CreateAsync("dora", TestPasswords.User, Roles.Operator, CancellationToken.None));
        var password = IpmiTestApp.NewIpmiPassword();
        Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, "dora", password));
        using var client = new RmcpPlusClient(app.Port);
        Assert.Equal(0, await client.OpenAsync("dora", password));
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x06, 0x01))!.Value.Code);
        using (var delete = await app.Admin.PostAsync(new Uri("/api/users/delete?name=dora", UriKind.Relative), null))
        {
            Assert.True(delete.IsSuccessStatusCode);
        }

        await Task.Delay(UserStateCache.MaxAge + TimeSpan.FromMilliseconds(200)); // the per-command check caches a user's state for one second
        Assert.Null(await client.CommandAsync(0x06, 0x01));
        Assert.DoesNotContain(app.Factory.Services.GetRequiredService<IpmiSessionTable>().Snapshot(), s => s.UserName == "dora");
    }
}
