using System.Security.Cryptography.X509Certificates;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using KvmPortal.Vnc;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Vnc;

/// <summary>The API's two-factor rule over VNC: a user with an authenticator appends the current code to the password; the password
/// alone is refused, and classic VNC Authentication (no place for a code) is refused for them even with the right VNC password.</summary>
[Collection(VncTests.Name)]
public sealed class VncTwoFactorTests(VncTestApp app)
{
    [Fact]
    public async Task TwoFactorUser_NeedsPasswordPlusCurrentCode_AndCannotUseClassicAuth()
    {
        Assert.Empty(await app.Factory.Services.GetRequiredService<UserAdministration>().CreateAsync("tina", TestPasswords.User, Roles.Operator, CancellationToken.None));
        Assert.Equal(200, await VncTestApp.SetVncPasswordAsync(app.Admin, "tina", "tina1234"));
        string key;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var tina = (await users.FindByNameAsync("tina"))!;
            Assert.True((await users.ResetAuthenticatorKeyAsync(tina)).Succeeded);
            key = (await users.GetAuthenticatorKeyAsync(tina))!;
            Assert.True((await users.SetTwoFactorEnabledAsync(tina, true)).Succeeded);
        }

        var ca = X509CertificateLoader.LoadCertificateFromFile(app.CertificatePath);
        await using (var alone = await RfbTestClient.ConnectAsync(app.Port))
        {
            await alone.StartAsync();
            Assert.False(await alone.VeNCryptAsync("tina", TestPasswords.User, ca), "the password without the code was accepted");
        }

        await using (var classic = await RfbTestClient.ConnectAsync(app.Port))
        {
            await classic.StartAsync();
            Assert.False(await classic.VncAuthAsync("tina1234"), "classic VNC Authentication bypassed two-factor authentication");
        }

        await using var withCode = await RfbTestClient.ConnectAsync(app.Port);
        await withCode.StartAsync();
        Assert.True(await withCode.VeNCryptAsync("tina", TestPasswords.User + Totp.Code(key, DateTimeOffset.UtcNow), ca), withCode.FailureReason);
        await withCode.InitAsync();
        await withCode.RequestAsync(false);
        await withCode.ReadUpdateAsync();
    }
}
