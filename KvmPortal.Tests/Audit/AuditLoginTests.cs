using System.Net;
using System.Text.RegularExpressions;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Audit;

/// <summary>Login, logout, lockout and two-factor rows, through the real login pages.</summary>
public sealed partial class AuditLoginTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task SuccessfulLogin_WritesOneRow_WithUserAndMethod()
    {
        using var client = new PortalClient(_app);
        using var login = await client.LoginAsync("admin", KvmAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.LoginSucceeded);
        Assert.Equal("admin", row.User);
        Assert.Equal(AuditOutcome.Success, row.Outcome);
        Assert.Equal("password", row.Details);
        Assert.Empty(await AuditRows.OfAsync(_app.Services, AuditActions.LoginFailed));
    }

    [Fact]
    public async Task FailedLogin_WritesOneFailureRow_WithoutThePassword()
    {
        var wrong = TestPasswords.New();
        using var client = new PortalClient(_app);
        (await client.LoginAsync("admin", wrong)).Dispose();

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.LoginFailed);
        Assert.Equal("admin", row.User);
        Assert.Equal(AuditOutcome.Failure, row.Outcome);
        Assert.DoesNotContain(wrong, row.Details ?? "", StringComparison.Ordinal);
        Assert.Empty(await AuditRows.OfAsync(_app.Services, AuditActions.LoginSucceeded));
    }

    [Fact]
    public async Task FifthFailure_WritesOneLockoutRow_AndLaterAttemptsAreDeniedFailures()
    {
        using var client = new PortalClient(_app);
        for (var i = 0; i < 6; i++)
        {
            (await client.LoginAsync("admin", TestPasswords.New())).Dispose();
        }

        var lockout = await AuditRows.SingleAsync(_app.Services, AuditActions.Lockout);
        Assert.Equal("admin", lockout.User);
        Assert.Equal(AuditOutcome.Denied, lockout.Outcome);
        var failures = await AuditRows.OfAsync(_app.Services, AuditActions.LoginFailed);
        Assert.Equal(5, failures.Count);
        Assert.Equal(4, failures.Count(f => f.Outcome == AuditOutcome.Failure));
        Assert.Equal("password: locked out", failures[0].Details);
    }

    [Fact]
    public async Task Logout_WritesOneRow()
    {
        using var client = new PortalClient(_app);
        (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
        using var logout = await client.Http.PostAsync(new Uri("/Account/Logout", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.Logout);
        Assert.Equal("admin", row.User);
    }

    [Fact]
    public async Task DisabledUser_LoginIsADeniedFailure()
    {
        var admin = _app.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await admin.CreateAsync("dora", TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Empty(await admin.SetDisabledAsync("dora", true, new AuditActor("admin", "192.0.2.1"), CancellationToken.None));

        using var client = new PortalClient(_app);
        (await client.LoginAsync("dora", TestPasswords.User)).Dispose();

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.LoginFailed);
        Assert.Equal(("dora", AuditOutcome.Denied, "password: account disabled"), (row.User, row.Outcome, row.Details));
    }

    [Fact]
    public async Task TwoFactor_Enable_RecoveryCodeUse_AndDisable_EachWriteOneRow()
    {
        string recovery;
        using (var client = new PortalClient(_app))
        {
            (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
            var key = KeyPattern().Match(await client.GetStringAsync("/Account/TwoFactor")).Groups[1].Value;
            using var enabled = await client.PostFormAsync("/Account/TwoFactor", "enable-2fa", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
            recovery = CodePattern().Match(await enabled.Content.ReadAsStringAsync()).Groups[1].Value;
        }

        var on = await AuditRows.SingleAsync(_app.Services, AuditActions.TwoFactorEnabled);
        Assert.Equal(("admin", "admin"), (on.User, on.Target));

        using (var client = new PortalClient(_app))
        {
            (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
            using var viaRecovery = await client.PostFormAsync("/Account/LoginWithRecoveryCode", "login-recovery", new() { ["Input.Code"] = recovery });
            Assert.Equal(HttpStatusCode.Redirect, viaRecovery.StatusCode);
            var used = await AuditRows.SingleAsync(_app.Services, AuditActions.RecoveryCodeUsed);
            Assert.Equal("admin", used.User);
            Assert.DoesNotContain(recovery, used.Details ?? "", StringComparison.Ordinal);

            using var off = await client.PostFormAsync("/Account/TwoFactor", "disable-2fa", []);
            var disabled = await AuditRows.SingleAsync(_app.Services, AuditActions.TwoFactorDisabled);
            Assert.Equal("admin", disabled.User);
        }

        // The password step alone is not a login; the recovery-code login is.
        var logins = await AuditRows.OfAsync(_app.Services, AuditActions.LoginSucceeded);
        Assert.Equal(["recovery code", "password"], logins.Select(l => l.Details));
    }

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();
}
