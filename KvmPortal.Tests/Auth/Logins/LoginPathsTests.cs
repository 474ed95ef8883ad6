using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hosting;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Security;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Auth.Logins;

/// <summary>
/// Brute force without a lockout denial of service, over real sockets from distinct loopback client addresses: the attacker's
/// address is locked out on every login path, the owner still signs in from another address, <c>KvmPortal users unlock</c> clears
/// it; every failure reason gets the same answer on every path (the timing is in LoginTimingTests).
/// </summary>
public sealed class LoginPathsTests(ITestOutputHelper output)
{
    private static readonly string[] Paths = ["form", "api-login", "basic", "xkvmd", "redfish"];

    [Fact]
    public async Task AnAttackersAddressIsLockedOut_TheOwnerStillSignsInElsewhere_AndUsersUnlockClearsIt()
    {
        await using var app = await SecurityApp.StartAsync();
        using var attacker = AddressedClient.From(app.Address, "127.0.0.2");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(403, (await attacker.LoginAsync("api-login", "admin", TestPasswords.New())).Status);
        }

        // Locked out: the right password from the attacker's address is refused on every path.
        Assert.Equal(403, (await attacker.LoginAsync("api-login", "admin", KvmAppFactory.AdminPassword)).Status);
        Assert.Equal(403, (await attacker.LoginAsync("basic", "admin", KvmAppFactory.AdminPassword)).Status);
        Assert.Equal(403, (await attacker.LoginAsync("xkvmd", "admin", KvmAppFactory.AdminPassword)).Status);
        Assert.Equal(401, (await attacker.LoginAsync("redfish", "admin", KvmAppFactory.AdminPassword)).Status);
        Assert.Equal(LoginService.FailureMessage, (await attacker.LoginAsync("form", "admin", KvmAppFactory.AdminPassword)).Answer);

        // The owner, from an address that never signed in before, is not affected.
        using (var owner = AddressedClient.From(app.Address, "127.0.0.3"))
        {
            Assert.Equal(200, (await owner.LoginAsync("api-login", "admin", KvmAppFactory.AdminPassword)).Status);
            Assert.Equal(200, (await owner.LoginAsync("basic", "admin", KvmAppFactory.AdminPassword)).Status);
        }

        var lockout = await AuditRows.SingleAsync(app.Factory.Services, AuditActions.Lockout);
        Assert.Equal(("admin", "127.0.0.2", AuditOutcome.Denied), (lockout.User, lockout.ClientAddress, lockout.Outcome));

        // The offline recovery on the device's shell, against the same database while the service runs.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
        builder.Configuration["KvmPortal:DataDirectory"] = app.Factory.DataDirectory;
        builder.Configuration["KvmPortal:OverrideFile"] = Path.Combine(app.Factory.DataDirectory, "override.json");
        using var said = new StringWriter();
        Assert.Equal(0, await UsersCommand.RunAsync(["users", "unlock", "admin"], builder, said, CancellationToken.None));
        Assert.Equal("unlocked admin", said.ToString().Trim());

        Assert.Equal(200, (await attacker.LoginAsync("api-login", "admin", KvmAppFactory.AdminPassword)).Status);
        var unlocked = await AuditRows.SingleAsync(app.Factory.Services, AuditActions.UserUnlocked);
        Assert.Equal(("cli", "admin"), (unlocked.User, unlocked.Target));
    }

    [Fact]
    public async Task UnknownUser_WrongPassword_LockedAndDisabled_GetOneAnswer_OnEveryPath()
    {
        await using var app = await SecurityApp.StartAsync();
        var users = app.Factory.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await users.CreateAsync("lena", TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Empty(await users.CreateAsync("dora", TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Empty(await users.SetDisabledAsync("dora", true, new AuditActor("admin", null), CancellationToken.None));
        using var locked = AddressedClient.From(app.Address, "127.0.0.4");
        for (var i = 0; i < 5; i++)
        {
            await locked.LoginAsync("api-login", "lena", TestPasswords.New());
        }

        using var other = AddressedClient.From(app.Address, "127.0.0.5");
        foreach (var path in Paths)
        {
            var answers = new[]
            {
                ("unknown user", await other.LoginAsync(path, "nobody" + path, TestPasswords.User)),
                ("wrong password", await other.LoginAsync(path, "lena", TestPasswords.New())),
                ("disabled", await other.LoginAsync(path, "dora", TestPasswords.User)),
                ("locked", await locked.LoginAsync(path, "lena", TestPasswords.User)),
            };
            foreach (var (reason, answer) in answers)
            {
                output.WriteLine($"{path} {reason}: {answer.Item1} {answer.Item2}");
                Assert.Equal(answers[0].Item2, answer);
            }

            Assert.True(answers[0].Item2.Status is 200 or 401 or 403, path);
        }

        Assert.Equal(LoginService.FailureMessage, (await other.LoginAsync("form", "lena", TestPasswords.New())).Answer);
    }
}
