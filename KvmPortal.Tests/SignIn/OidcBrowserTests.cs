using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// OpenID Connect sign-in against a real provider (npm oidc-provider on loopback) with Debian's Chromium: the provider's own login
/// page, code flow with PKCE, group → role mapping, refusal of an unmapped user, role loss ending the sessions, RP-initiated logout.
/// </summary>
public sealed class OidcBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string ProviderId = "test";

    [Fact]
    public async Task Mapped_users_sign_in_with_their_role_unmapped_is_refused_and_logout_ends_the_provider_session()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        using var app = StartApp(provider);
        await provider.RegisterClientAsync(app.ServerAddress, ProviderId);

        // alice (kvm-admins) → Admin: the console, and an admin-only API answers.
        var (aliceContext, alice) = await NewPageAsync(app);
        await SignInThroughProviderAsync(alice, "alice");
        Assert.Equal("alice", (await alice.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());
        Assert.Equal(200, await StatusAsync(alice, "/api/users"));
        Assert.Equal((["Admin"], "oidc:test", false), await AccountAsync(app, "alice"));

        // bob (kvm-viewers) → Viewer: console yes, admin API no.
        var (bobContext, bob) = await NewPageAsync(app);
        await SignInThroughProviderAsync(bob, "bob");
        Assert.Equal(403, await StatusAsync(bob, "/api/users"));
        Assert.Equal((["Viewer"], "oidc:test", false), await AccountAsync(app, "bob"));

        await bobContext.DisposeAsync();

        // carol (marketing, mapped nowhere): refused with a clear message, no account, no default role.
        var (carolContext, carol) = await NewPageAsync(app);
        await carol.GotoAsync("/Account/Login");
        await carol.Locator($"[data-testid=sso-{ProviderId}]").ClickAsync();
        await ProviderLoginAsync(carol, "carol");
        await BrowserSignIn.WaitForPathAsync(carol, "/Account/Login");
        Assert.Contains("not in any group that grants access", await carol.Locator("[data-testid=signin-refused]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(401, await StatusAsync(carol, "/api/auth/check"));
        Assert.Null(await AccountAsync(app, "carol"));
        await carolContext.DisposeAsync();

        // Logout: KvmPortal's cookie goes, and the provider's session too (its logout page, then back to our login page).
        await alice.Locator("[data-testid=logout]").ClickAsync();
        try
        {
            await BrowserSignIn.WaitForUrlAsync(alice, u => u.StartsWith(provider.Issuer.ToString(), StringComparison.Ordinal), "the provider");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"logout did not reach the provider: at {alice.Url}: {await alice.ContentAsync()}\nprovider: {provider.Errors}", e);
        }

        await alice.Locator("#op-logout-yes").ClickAsync();
        await BrowserSignIn.WaitForUrlAsync(alice, u => new Uri(u).AbsolutePath == "/Account/Login" && u.StartsWith(app.ServerAddress.ToString(), StringComparison.Ordinal), "our login page");
        Assert.Equal(401, await StatusAsync(alice, "/api/auth/check"));
        await alice.Locator($"[data-testid=sso-{ProviderId}]").ClickAsync();
        await alice.Locator("input[name=login]").WaitForAsync(); // the provider asks again: its session ended
        await aliceContext.DisposeAsync();

        await app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var audit = await AuditAsync(app);
        Assert.Contains(audit, e => e.Action == AuditActions.UserCreated && e.Target == "alice" && e.Details!.Contains("role Admin", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditActions.LoginSucceeded && e.User == "bob" && e.Details!.StartsWith("oidc:test", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditActions.LoginFailed && e.User == "carol" && e.Outcome == AuditOutcome.Denied && e.Details!.Contains("no mapped group", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditActions.Logout && e.User == "alice");
    }

    [Fact]
    public async Task Losing_the_mapped_group_refuses_the_next_sign_in_and_ends_running_sessions()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        using var app = StartApp(provider);
        await provider.RegisterClientAsync(app.ServerAddress, ProviderId);

        var (first, page) = await NewPageAsync(app);
        await SignInThroughProviderAsync(page, "alice");
        Assert.Equal(200, await StatusAsync(page, "/api/users"));

        await provider.SetGroupsAsync("alice", "staff");
        var (second, again) = await NewPageAsync(app);
        await again.GotoAsync("/Account/Login");
        await again.Locator($"[data-testid=sso-{ProviderId}]").ClickAsync();
        await ProviderLoginAsync(again, "alice");
        await BrowserSignIn.WaitForPathAsync(again, "/Account/Login");
        Assert.Contains("not in any group", await again.Locator("[data-testid=signin-refused]").InnerTextAsync(), StringComparison.Ordinal);

        // The first browser's session ended with the role (new security stamp, revocation): the API now says 401.
        Assert.Equal(401, await StatusAsync(page, "/api/users"));
        Assert.Equal(((string[])[], "oidc:test", false), await AccountAsync(app, "alice"));

        // Back in the group: signs in again, as Admin.
        await provider.SetGroupsAsync("alice", "kvm-admins");
        await SignInThroughProviderAsync(again, "alice", providerSessionAlive: true);
        Assert.Equal(200, await StatusAsync(again, "/api/users"));
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Signing_out_at_the_provider_ends_the_kvm_session_through_back_channel_logout_and_forged_tokens_are_refused()
    {
        await using var provider = await OidcTestProvider.StartAsync();
        using var app = StartApp(provider);
        await provider.RegisterClientAsync(app.ServerAddress, ProviderId);

        var (context, page) = await NewPageAsync(app);
        await SignInThroughProviderAsync(page, "alice");
        // Leave the console (its video stream would still be held by the revoked circuit when the app stops: the known slow
        // VideoStreamer.StopAsync at shutdown, being fixed on the stability branch); the account page has no stream.
        await page.GotoAsync("/account");
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal(200, await StatusAsync(page, "/api/users"));

        // Forged or foreign logout tokens change nothing: garbage, and a well-formed token signed by a key the provider never used.
        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        using var foreignKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = provider.Issuer.ToString().TrimEnd('/'),
            Audience = OidcTestProvider.ClientId,
            Claims = new Dictionary<string, object> { ["sub"] = "sub-alice", ["events"] = new Dictionary<string, object> { [KvmPortal.SignIn.Oidc.BackchannelLogout.EventType] = new Dictionary<string, object>() } },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(foreignKey), "RS256"),
        });
        foreach (var token in new[] { "not-a-token", forged })
        {
            using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token });
            using var refused = await http.PostAsync(new Uri($"/backchannel-logout-oidc/{ProviderId}", UriKind.Relative), body);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal(200, await StatusAsync(page, "/api/users"));

        // alice signs out at the provider itself (another tab): the provider POSTs a signed logout token to KvmPortal, which ends her session.
        var providerTab = await context.NewPageAsync();
        await providerTab.GotoAsync(new Uri(provider.Issuer, "/session/end").ToString());
        await providerTab.Locator("#op-logout-yes").ClickAsync();
        var status = 200;
        for (var i = 0; i < 150 && status != 401; i++)
        {
            await Task.Delay(200);
            status = await StatusAsync(page, "/api/users");
        }

        Assert.True(status == 401, $"still {status} after the provider's logout; provider: {provider.Errors}");
        await context.DisposeAsync();

        await app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var audit = await AuditAsync(app);
        Assert.Contains(audit, e => e.Action == AuditActions.Logout && e.User == "alice" && e.Details!.Contains("back-channel logout from the provider", StringComparison.Ordinal));
        Assert.Equal(2, audit.Count(e => e.Action == AuditActions.Logout && e.Outcome == AuditOutcome.Denied && e.Details!.Contains("back-channel logout refused", StringComparison.Ordinal)));
    }

    internal static KvmAppFactory StartApp(OidcTestProvider provider) => new KvmAppFactory()
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:DisplayName", "Test IdP")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Issuer", provider.Issuer.ToString().TrimEnd('/'))
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:ClientId", OidcTestProvider.ClientId)
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:ClientSecret", OidcTestProvider.ClientSecret)
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:AllowHttp", "true")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Scopes:0", "openid")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Scopes:1", "profile")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Scopes:2", "email")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Scopes:3", "groups")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Roles:Admin:0", "kvm-admins")
        .With($"KvmPortal:SignIn:Oidc:Providers:{ProviderId}:Roles:Viewer:0", "kvm-viewers")
        .UseRealSocket().Start();

    /// <summary>A context that may reach only loopback (the provider's pages link web fonts; nothing leaves the machine).</summary>
    internal async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(KvmAppFactory app)
    {
        var context = await NewContextAsync(Desktop, server: app.ServerAddress);
        await context.RouteAsync("**/*", route => new Uri(route.Request.Url).Host == "127.0.0.1" ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return (context, page);
    }

    internal static async Task SignInThroughProviderAsync(IPage page, string user, bool providerSessionAlive = false)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator($"[data-testid=sso-{ProviderId}]").ClickAsync();
        if (!providerSessionAlive)
        {
            await ProviderLoginAsync(page, user);
        }

        await BrowserSignIn.WaitForPathAsync(page, "/");
        await BrowserSignIn.WaitInteractiveAsync(page);
    }

    /// <summary>oidc-provider's devInteractions pages: the login form, then the consent ("Continue") form.</summary>
    internal static async Task ProviderLoginAsync(IPage page, string user)
    {
        await page.Locator("input[name=login]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync("any password: devInteractions checks none");
        await page.Locator("button[type=submit]").ClickAsync();
        var consent = page.Locator("input[name=prompt][value=consent] ~ button[type=submit]");
        await consent.WaitForAsync();
        await consent.ClickAsync();
    }

    /// <summary>The status of a GET with the browser's cookies (through the context, so a page that is leaving for the login page,
    /// signed out, does not break the request).</summary>
    internal static async Task<int> StatusAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
        return response.Status;
    }

    private static async Task<(string[] Roles, string? Source, bool HasPassword)?> AccountAsync(KvmAppFactory app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(name);
        return user is null ? null : ([.. await users.GetRolesAsync(user)], user.ExternalSource, user.PasswordHash is not null);
    }

    private static async Task<List<AuditEntry>> AuditAsync(KvmAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KvmDbContext>().Set<AuditEntry>().AsNoTracking().ToListAsync();
    }
}
