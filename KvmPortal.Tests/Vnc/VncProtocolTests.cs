using System.Security.Cryptography.X509Certificates;
using KvmPortal.Hid;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Hid;
using KvmPortal.Tests.Support;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Vnc;

/// <summary>The RFB server over a real socket with the in-test client: security, updates, input through the gate, revocation, audit.</summary>
[Collection(VncTests.Name)]
public sealed class VncProtocolTests(VncTestApp app)
{
    private X509Certificate2 Ca => X509CertificateLoader.LoadCertificateFromFile(app.CertificatePath);

    [Fact]
    public async Task SecurityTypes_AreVeNCryptAndVncAuth_NeverNone()
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        Assert.Equal([19, 2], await client.StartAsync());
    }

    [Fact]
    public async Task Operator_OverX509Plain_TypesKeysyms_TargetEchoes_AndTheUpdateCarriesOnlyTheChangedTiles()
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VeNCryptAsync("otto", TestPasswords.User, Ca), client.FailureReason);
        await client.InitAsync();
        await client.SetEncodingsAsync(7, -23, -224, 0);
        await client.RequestAsync(incremental: false);
        var full = await client.ReadUpdateAsync();
        Assert.Contains(7, client.LastEncodings);
        Assert.Contains(client.Rgb, b => b != 0);

        await client.RequestAsync(incremental: true);
        await client.TypeAsync("vnc keysym 7!");
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("vnc keysym 7!", StringComparison.Ordinal), "the echo");
        var changed = await client.ReadUpdateAsync();
        Assert.True(changed < full / 4, $"changed-tiles update {changed} bytes vs full {full}");
    }

    [Fact]
    public async Task QemuExtendedKeys_AreAcknowledged_AndTypedByPosition()
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VeNCryptAsync("otto", TestPasswords.User, Ca), client.FailureReason);
        await client.InitAsync();
        await client.SetEncodingsAsync(0, -258);
        await client.RequestAsync(incremental: false);
        await client.ReadUpdateAsync();
        Assert.True(client.QemuKeysAcknowledged);

        // "qz" by scan code (0x10 = Q, 0x2C = Z) with keysyms of a German client (y for the Z position): position wins.
        foreach (var (keysym, code) in new[] { ((uint)'q', 0x10u), ((uint)'y', 0x2Cu), (0x20u, 0x39u), ((uint)'1', 0x02u) })
        {
            await client.QemuKeyAsync(keysym, code, true);
            await client.QemuKeyAsync(keysym, code, false);
        }

        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("qz 1", StringComparison.Ordinal), "the scan-code echo");
    }

    [Fact]
    public async Task ClientCutText_IsTypedAsAPaste()
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VncAuthAsync(VncTestApp.VncPasswords["otto"]), client.FailureReason);
        await client.InitAsync();
        await client.CutTextAsync("pasted via vnc 42");
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("pasted via vnc 42", StringComparison.Ordinal), "the paste");
    }

    [Fact]
    public async Task Viewer_IsViewOnly_AndExclusiveControlElsewhereBlocksAnOperator()
    {
        await using (var viewer = await RfbTestClient.ConnectAsync(app.Port))
        {
            await viewer.StartAsync();
            Assert.True(await viewer.VeNCryptAsync("vera", TestPasswords.User, Ca), viewer.FailureReason);
            await viewer.InitAsync();
            await viewer.TypeAsync("viewer typed");
            await viewer.RequestAsync(false);
            await viewer.ReadUpdateAsync(); // the session answered after handling the keys
        }

        var presence = app.Factory.Services.GetRequiredService<ConsolePresence>();
        var holder = ConsolePresenceTests.Admin("admin");
        presence.Join(holder);
        Assert.True(presence.SetMode(holder, ControlMode.Exclusive));
        try
        {
            await using var otto = await RfbTestClient.ConnectAsync(app.Port);
            await otto.StartAsync();
            Assert.True(await otto.VeNCryptAsync("otto", TestPasswords.User, Ca), otto.FailureReason);
            await otto.InitAsync();
            await otto.TypeAsync("blocked typed");
            await otto.RequestAsync(false);
            await otto.ReadUpdateAsync();
        }
        finally
        {
            presence.SetMode(holder, ControlMode.Shared);
            presence.Leave(holder);
        }

        await Task.Delay(300); // keys that were wrongly let through would have echoed by now
        Assert.DoesNotContain("viewer typed", app.Target.ScreenText, StringComparison.Ordinal);
        Assert.DoesNotContain("blocked typed", app.Target.ScreenText, StringComparison.Ordinal);
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        Assert.Contains(rows, r => r.User == "vera" && (r.Details ?? "").Contains("view-only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClassicAuth_ChecksTheSeparateVncPassword_AndRfb33ClientsGetIt()
    {
        await using (var client = await RfbTestClient.ConnectAsync(app.Port))
        {
            await client.StartAsync();
            Assert.False(await client.VncAuthAsync(TestPasswords.User), "the account password is not the VNC password");
            Assert.Equal("Authentication failed", client.FailureReason);
        }

        await using (var old = await RfbTestClient.ConnectAsync(app.Port))
        {
            await old.StartAsync33Async();
            Assert.True(await old.VncAuthAsync(VncTestApp.VncPasswords["otto"], choose: false));
            await old.InitAsync();
        }

        var refused = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Refused);
        Assert.Contains(refused, r => (r.Details ?? "").Contains("wrong VNC password", StringComparison.Ordinal));
        Assert.DoesNotContain(refused, r => (r.Details ?? "").Contains(TestPasswords.User, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountOut_ForVncToo()
    {
        for (var i = 0; i < 5; i++)
        {
            await using var wrong = await RfbTestClient.ConnectAsync(app.Port);
            await wrong.StartAsync();
            Assert.False(await wrong.VeNCryptAsync("lola", "wrong-password-" + i, Ca));
        }

        await using var right = await RfbTestClient.ConnectAsync(app.Port);
        await right.StartAsync();
        Assert.False(await right.VeNCryptAsync("lola", TestPasswords.User, Ca));
        Assert.Contains("locked out", right.FailureReason, StringComparison.Ordinal);
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Refused);
        Assert.Equal(6, rows.Count(r => r.User == "lola"));
        Assert.Equal(4, rows.Count(r => r.User == "lola" && (r.Details ?? "").Contains("wrong user name or password", StringComparison.Ordinal))); // the fifth locks out
    }

    [Fact]
    public async Task DisablingTheUser_ClosesTheirVncSessionWithinASecond_AndTheAuditShowsIt()
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VeNCryptAsync("dora", TestPasswords.User, Ca), client.FailureReason);
        await client.InitAsync();
        await client.RequestAsync(false);
        await client.ReadUpdateAsync();

        var started = DateTime.UtcNow;
        using (var disable = await app.Admin.PostAsync(new Uri("/api/users/disable?name=dora&disabled=true", UriKind.Relative), null))
        {
            Assert.True(disable.IsSuccessStatusCode);
        }

        Assert.True(await client.IsClosedAsync(TimeSpan.FromSeconds(1) - (DateTime.UtcNow - started)), "the session outlived the revocation by a second");
        await VncTestApp.WaitUntilAsync(() => app.Factory.Services.GetRequiredService<VncHost>().SessionCount == 0, "the session to end", 5);
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Disconnected);
        Assert.Contains(rows, r => r.User == "dora" && (r.Details ?? "").Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected), r => r.User == "dora");
    }

    [Fact]
    public async Task PasswordApi_LetsAdminsSetAnyones_UsersTheirOwn_AndRefusesWeakOrForeignOnes()
    {
        using var vera = await app.LoginAsync("vera", TestPasswords.User);
        Assert.Equal(403, await VncTestApp.SetVncPasswordAsync(vera, "otto", "abcdef12"));
        Assert.Equal(400, await VncTestApp.SetVncPasswordAsync(app.Admin, "otto", "short"));
        Assert.Equal(400, await VncTestApp.SetVncPasswordAsync(app.Admin, "otto", "toolong123"));
        Assert.Equal(404, await VncTestApp.SetVncPasswordAsync(app.Admin, "nobody", "abcdef12"));
        using var anonymous = new HttpClient { BaseAddress = app.Factory.ServerAddress };
        Assert.Equal(401, await VncTestApp.SetVncPasswordAsync(anonymous, "vera", "abcdef12"));
        Assert.Equal(200, await VncTestApp.SetVncPasswordAsync(vera, "vera", VncTestApp.VncPasswords["vera"] + "\n"));
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.PasswordSet);
        Assert.Contains(rows, r => r.User == "vera" && r.Target == "vera");
    }
}
