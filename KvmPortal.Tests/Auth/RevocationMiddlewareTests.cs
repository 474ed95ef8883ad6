using System.Net;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hid;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Auth;

/// <summary>A still-valid cookie stops working at once when its user is disabled, loses a role, or is logged out by an admin.</summary>
public sealed class RevocationMiddlewareTests : IDisposable
{
    private static readonly AuditActor Admin = new("admin", null);
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();
    private readonly UserAdministration _users;

    public RevocationMiddlewareTests()
    {
        _users = _app.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(_users.CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None).GetAwaiter().GetResult());
    }

    public static TheoryData<string> Changes => ["disable", "role", "logout", "reset"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Cookie_IsRefused_RightAfterTheChange(string change)
    {
        using var client = new PortalClient(_app);
        (await client.LoginAsync("oscar", TestPasswords.User)).Dispose();
        using (var before = await client.GetAsync("/api/streamer"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var errors = change switch
        {
            "disable" => await _users.SetDisabledAsync("oscar", true, Admin, CancellationToken.None),
            "role" => await _users.SetRoleAsync("oscar", Roles.Viewer, Admin, CancellationToken.None),
            "logout" => await _users.ForceLogoutAsync("oscar", Admin, CancellationToken.None),
            _ => (await _users.ResetPasswordAsync("oscar", Admin, CancellationToken.None)).Errors,
        };
        Assert.Empty(errors);

        using var after = await client.GetAsync("/api/streamer");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using var page = await client.GetAsync("/");
        Assert.Equal("/Account/Login", PortalClient.RedirectPath(page)?.Split('?')[0]);
    }

    [Fact]
    public async Task Revocation_TakesInputAwayFromTheUsersOpenConsoles()
    {
        var presence = _app.Services.GetRequiredService<ConsolePresence>();
        var session = new ConsoleSession("oscar", Roles.Operator, mayControl: true, isAdmin: false, null, DateTimeOffset.UtcNow);
        var other = new ConsoleSession("otto", Roles.Operator, mayControl: true, isAdmin: false, null, DateTimeOffset.UtcNow);
        presence.Join(session);
        presence.Join(other);
        Assert.True(presence.MaySendInput(session));

        Assert.Empty(await _users.SetDisabledAsync("oscar", true, Admin, CancellationToken.None));

        Assert.False(presence.MaySendInput(session));
        Assert.True(presence.MaySendInput(other));
    }

    [Fact]
    public async Task ActiveSessions_ListTheClient_AndForgetItOnForcedLogout()
    {
        using var client = new PortalClient(_app);
        (await client.LoginAsync("oscar", TestPasswords.User)).Dispose();
        (await client.GetAsync("/api/streamer")).Dispose();
        var sessions = _app.Services.GetRequiredService<ActiveSessions>();
        Assert.Contains(sessions.List(), s => s.UserName == "oscar");

        Assert.Empty(await _users.ForceLogoutAsync("oscar", Admin, CancellationToken.None));
        Assert.DoesNotContain(sessions.List(), s => s.UserName == "oscar");
    }

    public void Dispose() => _app.Dispose();
}
