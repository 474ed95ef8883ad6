using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// The sign-in settings cards in Chromium against real servers: LDAP configured from the page against slapd (StartTLS), "Test connection",
/// saved without a restart and used by the login form; an OIDC provider added from the page against npm oidc-provider ("Check issuer",
/// an unreachable issuer and an untrusted certificate refused in words), then live after a restart. Secrets are written once and never
/// shown back nor audited in clear. Takes the cards' screenshots (1600x900 and 390x844, light and dark).
/// </summary>
[Trait("Category", "Browser")]
public sealed class SignInSettingsBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Ldap_card_tests_saves_and_the_login_form_uses_it_without_a_restart()
    {
        await using var slapd = await SlapdServer.StartAsync();
        using var app = new KvmAppFactory().UseRealSocket().Start();
        var context = await NewContextAsync(server: app.ServerAddress);
        var page = await SignInAsync(context, "admin");
        await using var _ = context;
        await page.GotoAsync("/settings");
        await BrowserSignIn.WaitInteractiveAsync(page);
        var card = page.Locator("[data-testid=settings-ldap]");

        await card.Locator("input[data-testid=ldap-enabled], [data-testid=ldap-enabled] input").First.CheckAsync();
        await page.Locator("#ldap-host").FillAsync("127.0.0.1");
        await page.Locator("#ldap-port").FillAsync(slapd.LdapPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await card.Locator("input[data-testid=ldap-transport-starttls], [data-testid=ldap-transport-starttls] input").First.CheckAsync();
        await page.Locator("#ldap-ca").FillAsync(slapd.CaDirectory);
        await page.Locator("#ldap-bind-dn").FillAsync(SlapdServer.ServiceDn);
        await page.Locator("#ldap-bind-password").FillAsync(slapd.ServicePassword);
        await page.Locator("#ldap-user-base").FillAsync($"ou=people,{SlapdServer.Suffix}");
        await page.Locator("#ldap-group-base").FillAsync($"ou=groups,{SlapdServer.Suffix}");
        await page.Locator("#ldap-roles-admin").FillAsync("kvm-admins");
        await page.Locator("#ldap-roles-operator").FillAsync($"cn=kvm-operators,ou=groups,{SlapdServer.Suffix}");

        await card.Locator("[data-testid=ldap-test]").ClickAsync();
        await card.Locator("[data-testid=ldap-test-result]").GetByText("Connection works").WaitForAsync();
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "override.json"))); // a test saves nothing

        // Plain without consent: refused with the reason, nothing written.
        await card.Locator("input[data-testid=ldap-transport-plain], [data-testid=ldap-transport-plain] input").First.CheckAsync();
        await card.Locator("[data-testid=ldap-save]").ClickAsync();
        await card.Locator("[data-testid=ldap-errors]").GetByText("AllowPlain").WaitForAsync();
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "override.json")));

        await card.Locator("input[data-testid=ldap-transport-starttls], [data-testid=ldap-transport-starttls] input").First.CheckAsync();
        await card.Locator("[data-testid=ldap-save]").ClickAsync();
        await card.Locator("[data-testid=ldap-saved]").GetByText("Saved").WaitForAsync();
        var file = await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "override.json"));
        Assert.Contains("\"Transport\": \"StartTls\"", file, StringComparison.Ordinal);
        Assert.Contains(slapd.ServicePassword, file, StringComparison.Ordinal); // stored (owner-only file), but…

        await page.ReloadAsync();
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal("", await page.Locator("#ldap-bind-password").InputValueAsync()); // …never shown back
        Assert.DoesNotContain(slapd.ServicePassword, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", await page.Locator("#ldap-host").InputValueAsync());
        await card.Locator("[data-testid=ldap-test]").ClickAsync(); // the stored password is used when none is typed
        await card.Locator("[data-testid=ldap-test-result]").GetByText("Connection works").WaitForAsync();

        // A CA folder that does not hold the server's CA: the test says the connection cannot be used.
        await page.Locator("#ldap-ca").FillAsync(app.DataDirectory);
        await card.Locator("[data-testid=ldap-test]").ClickAsync();
        await card.Locator("[data-testid=ldap-test-result]").GetByText("Cannot use the server").WaitForAsync();

        // No restart: the login form signs a directory user in with the saved settings.
        await using var userContext = await NewContextAsync(server: app.ServerAddress);
        var alice = await SignInAsync(userContext, "alice", slapd.UserPassword);
        Assert.Equal("alice", (await alice.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());

        await app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var audit = await AuditAsync(app);
        Assert.DoesNotContain(audit, e => (e.Details ?? "").Contains(slapd.ServicePassword, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditActions.SettingsTested && e.Target == "ldap" && e.Outcome == AuditOutcome.Success && e.User == "admin");
        Assert.Contains(audit, e => e.Action == AuditActions.SettingsTested && e.Target == "ldap" && e.Outcome == AuditOutcome.Failure);
        Assert.Contains(audit, e => e.Action == AuditActions.SettingsChanged && e.Target == "ldap" && e.Outcome == AuditOutcome.Failure);
        Assert.Contains(audit, e => e.Action == AuditActions.SettingsChanged && e.Target == "ldap" && e.Outcome == AuditOutcome.Success
            && e.Details!.Contains("KvmPortal:SignIn:Ldap:BindPassword: (changed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oidc_card_checks_the_issuer_refuses_bad_ones_in_words_and_the_saved_provider_works_after_a_restart()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        await using var untrusted = new TlsTestServer();
        string overrideFile;
        using (var app = new KvmAppFactory().UseRealSocket().Start())
        {
            await provider.RegisterClientAsync(app.ServerAddress, "corp"); // the test provider answers discovery once it has a client
            var context = await NewContextAsync(server: app.ServerAddress);
        var page = await SignInAsync(context, "admin");
            await using var _ = context;
            await page.GotoAsync("/settings");
            await BrowserSignIn.WaitInteractiveAsync(page);
            var card = page.Locator("[data-testid=settings-oidc]");
            await page.Locator("#oidc-id").FillAsync("corp");
            await page.Locator("#oidc-display-name").FillAsync("Corp SSO");
            await page.Locator("#oidc-client-id").FillAsync(OidcTestProvider.ClientId);
            await page.Locator("#oidc-client-secret").FillAsync(OidcTestProvider.ClientSecret);
            await page.Locator("#oidc-scopes").FillAsync("openid profile email groups");
            await page.Locator("#oidc-roles-admin").FillAsync("kvm-admins");
            await page.Locator("#oidc-roles-viewer").FillAsync("kvm-viewers");

            // An untrusted certificate and an unreachable issuer: refused in words; nothing saved.
            await page.Locator("#oidc-issuer").FillAsync(untrusted.Address.ToString().TrimEnd('/'));
            await card.Locator("[data-testid=oidc-test]").ClickAsync();
            await card.Locator("[data-testid=oidc-test-result]").GetByText("does not trust").WaitForAsync();
            await card.Locator("input[data-testid=oidc-allow-http], [data-testid=oidc-allow-http] input").First.CheckAsync();
            await page.Locator("#oidc-issuer").FillAsync("http://127.0.0.1:9");
            await card.Locator("[data-testid=oidc-save]").ClickAsync();
            await card.Locator("[data-testid=oidc-errors]").GetByText("cannot be reached").WaitForAsync();
            Assert.False(File.Exists(Path.Combine(app.DataDirectory, "override.json")));

            await page.Locator("#oidc-issuer").FillAsync(provider.Issuer.ToString().TrimEnd('/'));
            await card.Locator("[data-testid=oidc-test]").ClickAsync();
            var found = await card.Locator("[data-testid=oidc-test-result]").InnerTextAsync();
            Assert.Contains("Discovery document read", found, StringComparison.Ordinal);
            Assert.Contains("RP-initiated, back-channel", found, StringComparison.Ordinal);
            await card.Locator("[data-testid=oidc-save]").ClickAsync();
            await card.Locator("[data-testid=oidc-saved]").GetByText("Restart needed").WaitForAsync();
            Assert.Contains("/signin-oidc/corp", await card.Locator("[data-testid=oidc-urls]").InnerTextAsync(), StringComparison.Ordinal);
            await page.ReloadAsync();
            await BrowserSignIn.WaitInteractiveAsync(page);
            await card.Locator("[data-testid=oidc-provider-corp]").WaitForAsync();
            Assert.Equal("", await page.Locator("#oidc-client-secret").InputValueAsync());
            Assert.Equal("openid profile email groups", await page.Locator("#oidc-scopes").InputValueAsync()); // each once
            Assert.DoesNotContain(OidcTestProvider.ClientSecret, await page.ContentAsync(), StringComparison.Ordinal);
            await ScreenshotsAsync(page, card);

            await app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
            var audit = await AuditAsync(app);
            Assert.DoesNotContain(audit, e => (e.Details ?? "").Contains(OidcTestProvider.ClientSecret, StringComparison.Ordinal));
            Assert.Contains(audit, e => e.Action == AuditActions.SettingsTested && e.Target == "oidc:corp" && e.Outcome == AuditOutcome.Failure && e.Details!.Contains("Certificate error", StringComparison.Ordinal));
            Assert.Contains(audit, e => e.Action == AuditActions.SettingsChanged && e.Target == "oidc:corp" && e.Outcome == AuditOutcome.Failure);
            Assert.Contains(audit, e => e.Action == AuditActions.SettingsChanged && e.Target == "oidc:corp" && e.Outcome == AuditOutcome.Success
                && e.Details!.Contains("ClientSecret: (changed)", StringComparison.Ordinal));
            overrideFile = Path.Combine(Path.GetTempPath(), $"kvmportal-oidc-override-{Guid.NewGuid():N}.json");
            File.Copy(Path.Combine(app.DataDirectory, "override.json"), overrideFile);
        }

        // The restart: the saved provider's button is on the login page and signs alice in as Admin.
        try
        {
            var restarted = new KvmAppFactory();
            File.Copy(overrideFile, Path.Combine(restarted.DataDirectory, "override.json"));
            using var app = restarted.UseRealSocket().Start();
            await provider.RegisterClientAsync(app.ServerAddress, "corp");
            await using var context = await NewContextAsync(server: app.ServerAddress);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/Account/Login");
            Assert.Contains("Corp SSO", await page.Locator("[data-testid=sso-corp]").InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("[data-testid=sso-corp]").ClickAsync();
            await OidcBrowserTests.ProviderLoginAsync(page, "alice");
            await BrowserSignIn.WaitForPathAsync(page, "/");
            await BrowserSignIn.WaitInteractiveAsync(page);
            Assert.Equal(200, await OidcBrowserTests.StatusAsync(page, "/api/users"));
        }
        finally
        {
            File.Delete(overrideFile);
        }
    }

    private static async Task ScreenshotsAsync(IPage page, ILocator card)
    {
        await card.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "settings-signin-light.png");
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await card.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "settings-signin-dark.png");
        await page.SetViewportSizeAsync(390, 844);
        await card.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "settings-signin-phone-dark.png");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{light}'");
        await card.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "settings-signin-phone-light.png");
        await page.SetViewportSizeAsync(1600, 900);
    }

    private static async Task<List<AuditEntry>> AuditAsync(KvmAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KvmDbContext>().Set<AuditEntry>().AsNoTracking().ToListAsync();
    }
}
