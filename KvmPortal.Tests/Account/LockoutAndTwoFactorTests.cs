using System.Net;
using System.Text.RegularExpressions;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Account;

public sealed partial class LockoutAndTwoFactorTests
{
    [Fact]
    public async Task FiveFailedLogins_LockTheAccount_EvenForTheRightPassword()
    {
        using var app = new KvmAppFactory().Start();
        using var client = new PortalClient(app);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.LoginAsync("admin", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await client.LoginAsync("admin", KvmAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EnrolledTotp_IsRequiredAtNextLogin_AndRecoveryCodesWorkOnce()
    {
        using var app = new KvmAppFactory().Start();
        string key;
        string recovery;
        using (var client = new PortalClient(app))
        {
            (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
            var page = await client.GetStringAsync("/Account/TwoFactor");
            key = KeyPattern().Match(page).Groups[1].Value;
            Assert.NotEmpty(key);
            Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);

            using var enabled = await client.PostFormAsync("/Account/TwoFactor", "enable-2fa",
                new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
            var html = await enabled.Content.ReadAsStringAsync();
            var codes = CodePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(10, codes.Count);
            recovery = codes[0];
        }

        using (var client = new PortalClient(app))
        {
            using var login = await client.LoginAsync("admin", KvmAppFactory.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.StartsWith("/Account/LoginWith2fa", PortalClient.RedirectPath(login), StringComparison.Ordinal);
            using var notYet = await client.GetAsync("/api/auth/check");
            Assert.Equal(HttpStatusCode.Unauthorized, notYet.StatusCode);

            using var bad = await client.PostFormAsync("/Account/LoginWith2fa", "login-2fa", new() { ["Input.Code"] = "000000" });
            Assert.Contains("Invalid authenticator code", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var good = await client.PostFormAsync("/Account/LoginWith2fa", "login-2fa",
                new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
            using var check = await client.GetAsync("/api/auth/check");
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var client = new PortalClient(app);
            (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
            using var viaRecovery = await client.PostFormAsync("/Account/LoginWithRecoveryCode", "login-recovery", new() { ["Input.Code"] = recovery });
            Assert.Equal(attempt == 0 ? HttpStatusCode.Redirect : HttpStatusCode.OK, viaRecovery.StatusCode);
        }
    }

    [Fact]
    public async Task RoleRequiringTwoFactor_IsSentToEnrolment_BeforeAnythingElse()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Security:RequireTwoFactorForRoles:0", "Admin").Start();
        using var client = new PortalClient(app);
        (await client.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();

        using var home = await client.GetAsync("/");
        Assert.Equal("/Account/TwoFactor", PortalClient.RedirectPath(home));
        using var api = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("requires two-factor", await client.GetStringAsync("/Account/TwoFactor"), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();
}
