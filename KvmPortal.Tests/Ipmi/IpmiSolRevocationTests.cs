using System.Diagnostics;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// Ending a user's access while Debian's ipmitool (<c>-I lanplus sol activate</c>, on a pty through <c>script</c>) holds their
/// Serial-over-LAN payload: for each way access ends (disabled, deleted, password reset, forced logout, IPMI password changed) the
/// server ends the IPMI session, and ipmitool itself exits within <see cref="ExitBound"/> saying the BMC closed the session,
/// instead of sitting in its SOL loop until a keepalive fails.
/// </summary>
public sealed class IpmiSolRevocationTests(IpmiTestApp app, ITestOutputHelper output) : IClassFixture<IpmiTestApp>
{
    /// <summary>ipmitool's own keepalive would notice after 15 s at the earliest; the server tells it at once.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(2);

    private IpmiSol Sol => app.Factory.Services.GetRequiredService<IpmiSol>();

    [Theory]
    [InlineData("disable", "revoked")]
    [InlineData("delete", "revoked")]
    [InlineData("password", "revoked")]
    [InlineData("logout", "revoked")]
    [InlineData("ipmipw", "IPMI password changed")]
    public async Task EndingTheUsersAccess_EndsTheirSol_AndIpmitoolExitsPromptly(string how, string reason)
    {
        ExternalTool.Require(IpmiTestApp.Ipmitool, "ipmitool");
        await app.EnsurePowerAsync(on: true);
        var name = "sol-" + how;
        var password = IpmiTestApp.NewIpmiPassword();
        var users = app.Factory.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await users.CreateAsync(name, TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, name, password));
        app.IpmiPasswords[name] = password;

        using var sol = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. app.IpmitoolLogin(name, "17", "OPERATOR"), "sol", "activate"]);
        await sol.WaitForAsync("[SOL Session operational");
        await IpmiTestApp.WaitUntilAsync(() => Sol.Active?.Session.UserName == name, "the payload to be active");

        var watch = Stopwatch.StartNew();
        await RevokeAsync(how, name, users);
        var revoked = watch.Elapsed;
        Assert.Null(Sol.Active);
        var exited = await sol.WaitForExitAsync(ExitBound);
        output.WriteLine($"ipmi_sol_{how}_revocation_call_ms: {revoked.TotalMilliseconds:0}");
        output.WriteLine($"ipmi_sol_{how}_ipmitool_exit_after_revocation_ms: {(watch.Elapsed - revoked).TotalMilliseconds:0}");
        Assert.True(exited, $"ipmitool still runs {ExitBound.TotalSeconds} s after the revocation; it printed:\n{sol.Output}");
        Assert.Contains("SOL session closed by BMC", sol.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, sol.ExitCode);

        var sessions = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialSession);
        Assert.Contains(sessions, r => r.User == name && r.Details!.StartsWith("opened over IPMI Serial-over-LAN (session ", StringComparison.Ordinal));
        Assert.Single(sessions, r => r.User == name && r.Details!.EndsWith($"(IPMI Serial-over-LAN: session ended: {reason})", StringComparison.Ordinal));
        var closed = await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.SessionClosed);
        Assert.Single(closed, r => r.User == name && r.Outcome == AuditOutcome.Denied && r.Details == reason);
    }

    private async Task RevokeAsync(string how, string name, UserAdministration users)
    {
        var actor = new AuditActor("admin", "127.0.0.1");
        switch (how)
        {
            case "disable":
                using (var response = await app.Admin.PostAsync(new Uri($"/api/users/disable?name={name}&disabled=true", UriKind.Relative), null))
                {
                    Assert.True(response.IsSuccessStatusCode, $"disable: {(int)response.StatusCode}");
                }

                break;
            case "delete":
                using (var response = await app.Admin.PostAsync(new Uri($"/api/users/delete?name={name}", UriKind.Relative), null))
                {
                    Assert.True(response.IsSuccessStatusCode, $"delete: {(int)response.StatusCode}");
                }

                break;
            case "password":
                var (oneTime, errors) = await users.ResetPasswordAsync(name, actor, CancellationToken.None);
                Assert.Empty(errors);
                Assert.NotNull(oneTime);
                break;
            case "logout":
                Assert.Empty(await users.ForceLogoutAsync(name, actor, CancellationToken.None));
                break;
            default:
                Assert.Equal(200, await IpmiTestApp.SetIpmiPasswordAsync(app.Admin, name, IpmiTestApp.NewIpmiPassword()));
                break;
        }
    }
}
