using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hid;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Audit;

/// <summary>User administration and console-control rows, through the services the admin page and console use.</summary>
public sealed class AuditAdminActionTests : IClassFixture<AuditAppFixture>
{
    private static readonly AuditActor Admin = new("admin", "192.0.2.7");
    private readonly KvmAppFactory _app;
    private readonly UserAdministration _users;

    public AuditAdminActionTests(AuditAppFixture fixture)
    {
        _app = fixture.App;
        _users = _app.Services.GetRequiredService<UserAdministration>();
        if (!_users.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Any(u => u.Name == "olga"))
        {
            // Once for the class's app: every test writes its own actions about olga (see AuditAppFixture).
            Assert.Empty(_users.CreateAsync("olga", TestPasswords.User, Roles.Operator, CancellationToken.None, Admin).GetAwaiter().GetResult());
        }
    }

    [Fact]
    public async Task UserCreated_OneRow_WithActorAddressTargetAndRole()
    {
        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.UserCreated);
        Assert.Equal(("admin", "192.0.2.7", "olga", AuditOutcome.Success, "role Operator"), (row.User, row.ClientAddress, row.Target, row.Outcome, row.Details));
    }

    [Fact]
    public async Task RoleChanged_OneRow()
    {
        Assert.Empty(await _users.SetRoleAsync("olga", Roles.Viewer, Admin, CancellationToken.None));
        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.UserRoleChanged);
        Assert.Equal(("admin", "olga", "role Viewer"), (row.User, row.Target, row.Details));
    }

    [Fact]
    public async Task DisabledAndEnabled_OneRowEach()
    {
        Assert.Empty(await _users.SetDisabledAsync("olga", true, Admin, CancellationToken.None));
        Assert.Empty(await _users.SetDisabledAsync("olga", false, Admin, CancellationToken.None));
        Assert.Equal("olga", (await AuditRows.SingleAsync(_app.Services, AuditActions.UserDisabled)).Target);
        Assert.Equal("olga", (await AuditRows.SingleAsync(_app.Services, AuditActions.UserEnabled)).Target);
    }

    [Fact]
    public async Task PasswordReset_OneRow_WithoutThePassword()
    {
        var (password, errors) = await _users.ResetPasswordAsync("olga", Admin, CancellationToken.None);
        Assert.Empty(errors);
        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.UserPasswordReset);
        Assert.Equal(("admin", "olga"), (row.User, row.Target));
        Assert.DoesNotContain(password!, row.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForcedLogout_And_RequireTwoFactor_OneRowEach()
    {
        Assert.Empty(await _users.ForceLogoutAsync("olga", Admin, CancellationToken.None));
        Assert.Empty(await _users.SetRequireTwoFactorAsync("olga", true, Admin, CancellationToken.None));
        Assert.Equal("olga", (await AuditRows.SingleAsync(_app.Services, AuditActions.UserForcedLogout)).Target);
        Assert.Equal("required", (await AuditRows.SingleAsync(_app.Services, AuditActions.UserRequireTwoFactor)).Details);
    }

    [Fact]
    public async Task UnknownUser_WritesNothing()
    {
        var before = await AuditRows.OfAsync(_app.Services, AuditActions.UserDisabled); // olga's, if that test ran first on the shared app
        Assert.NotEmpty(await _users.SetDisabledAsync("nobody", true, Admin, CancellationToken.None));
        var after = await AuditRows.OfAsync(_app.Services, AuditActions.UserDisabled);
        Assert.Equal(before.Count, after.Count);
        Assert.DoesNotContain(after, r => r.Target == "nobody");
    }

    [Fact]
    public async Task ControlTakenAndReleased_OneRowEach_WithTheHoldersAddress()
    {
        var presence = _app.Services.GetRequiredService<ConsolePresence>();
        var session = new ConsoleSession("olga", Roles.Operator, mayControl: true, isAdmin: false, "198.51.100.4", DateTimeOffset.UtcNow);
        presence.Join(session);
        Assert.True(presence.TakeControl(session));
        presence.ReleaseControl(session);
        presence.Leave(session);

        var taken = await AuditRows.SingleAsync(_app.Services, AuditActions.ControlTaken);
        var released = await AuditRows.SingleAsync(_app.Services, AuditActions.ControlReleased);
        Assert.Equal(("olga", "198.51.100.4", "console"), (taken.User, taken.ClientAddress, taken.Target));
        Assert.Equal(("olga", "198.51.100.4"), (released.User, released.ClientAddress));
    }

}
