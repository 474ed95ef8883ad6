using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using KvmPortal.Users;
using KvmPortal.SignIn.Passkeys;
using KvmPortal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// Passkeys with Debian's Chromium and its virtual authenticator (DevTools WebAuthn domain through Playwright's CDP session: CTAP2,
/// internal, resident keys, user verification): register on the account page, the passkey meets the "2FA required" rule, username-less
/// sign-in without a password, removal; each step audited.
/// </summary>
public sealed class PasskeyBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Register_sign_in_without_password_and_remove()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Security:RequireTwoFactorForRoles:0", Roles.Operator).UseRealSocket().Start();
        var password = TestPasswords.User;
        Assert.Empty(await app.Services.GetRequiredService<UserAdministration>().CreateAsync("olivia", password, Roles.Operator, CancellationToken.None));

        // WebAuthn refuses an IP address as relying party id: the browser uses the name localhost (a secure context over http too).
        var server = new UriBuilder(app.ServerAddress) { Host = "localhost" }.Uri;
        await using var context = await NewContextAsync(Desktop, server: server);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;

        // Password sign-in: the role requires a second factor, so the enrolment page; a passkey meets the rule.
        await PasswordLoginAsync(page, "olivia", password);
        await BrowserSignIn.WaitForPathAsync(page, "/Account/TwoFactor");
        await page.Locator("[data-testid=passkeys-link]").ClickAsync();
        await BrowserSignIn.WaitForPathAsync(page, PasskeyEndpoints.ManagePath);
        await page.Locator("[data-testid=passkeys-none]").WaitForAsync();
        await page.Locator("#passkey-name").FillAsync("Laptop");
        await page.Locator("[data-testid=passkey-add][data-ready=true]").ClickAsync();
        await page.Locator("[data-testid=passkey-item], [data-testid=passkey-error]:not([hidden])").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=passkey-item]").CountAsync() == 1,
            await page.Locator("[data-testid=passkey-error]").InnerTextAsync() + "\n" + string.Join("\n", app.Logs.Lines.Where(l => l.Contains("asskey", StringComparison.Ordinal))));
        Assert.Contains("Laptop", await page.Locator("[data-testid=passkeys-list]").InnerTextAsync(), StringComparison.Ordinal);
        var credentials = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        Assert.Equal(1, credentials!.Value.GetProperty("credentials").GetArrayLength());
        Assert.True(credentials.Value.GetProperty("credentials")[0].GetProperty("isResidentCredential").GetBoolean());

        await page.GotoAsync("/");
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);

        // Log out; the password alone no longer gets in (the passkey is this account's second factor) …
        await page.Locator("[data-testid=logout]").ClickAsync();
        await BrowserSignIn.WaitForPathAsync(page, "/Account/Login");
        await PasswordLoginAsync(page, "olivia", password);
        Assert.Contains("passkey", await page.Locator("[data-testid=login-error]").InnerTextAsync(), StringComparison.Ordinal);

        // … the passkey does, without a user name or password.
        await page.GotoAsync("/Account/Login");
        await page.Locator("[data-testid=passkey-signin][data-ready=true]").ClickAsync();
        await BrowserSignIn.WaitForPathAsync(page, "/");
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal("olivia", (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());

        // Remove it: gone from the list and the store; the authenticator's copy no longer signs in.
        await page.GotoAsync(PasskeyEndpoints.ManagePath);
        await page.Locator("[data-testid=passkey-remove]").ClickAsync();
        await page.Locator("[data-testid=passkeys-none]").WaitForAsync();
        await page.GotoAsync("/Account/Login");
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/Account/Login");
        await page.Locator("[data-testid=passkey-signin][data-ready=true]").ClickAsync();
        await page.Locator("[data-testid=passkey-error]:not([hidden])").WaitForAsync();
        Assert.Contains("not accepted", await page.Locator("[data-testid=passkey-error]").InnerTextAsync(), StringComparison.Ordinal);

        await app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        Assert.Equal(0, await db.Set<PasskeyCredential>().CountAsync());
        var audit = await db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(audit, e => e.Action == PasskeyAuditActions.Added && e.User == "olivia" && e.Target == "Laptop" && e.Outcome == AuditOutcome.Success);
        Assert.Contains(audit, e => e.Action == AuditActions.LoginSucceeded && e.User == "olivia" && e.Details == PasskeyAuditActions.Method);
        Assert.Contains(audit, e => e.Action == PasskeyAuditActions.Removed && e.User == "olivia" && e.Target == "Laptop");
        Assert.Contains(audit, e => e.Action == AuditActions.LoginFailed && e.User == "olivia" && e.Details == "password: this account's second factor is a passkey");
        Assert.Contains(audit, e => e.Action == AuditActions.LoginFailed && e.User == null && e.Details == "passkey: unknown passkey"); // unverified: no name
    }

    private static async Task PasswordLoginAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
