using KvmPortal.Data;
using KvmPortal.SignIn.Ldap;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// LDAP sign-in against Debian's slapd on loopback with TLS (LDAPS and StartTLS, a throwaway CA): bind authentication through a
/// service account's search, group → role mapping, wrong password, lockout, the directory down (clear message; the local admin still
/// signs in), "Test connection".
/// </summary>
public sealed class LdapSignInTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Directory_checks_the_password_over_ldaps_and_finds_the_groups()
    {
        await using var slapd = await SlapdServer.StartAsync();
        using var app = StartApp(slapd, LdapTransport.Ldaps).Start();
        var directory = app.Services.GetRequiredService<LdapDirectory>();

        var alice = await directory.AuthenticateAsync("alice", slapd.UserPassword, CancellationToken.None);
        Assert.True(alice.Outcome == LdapOutcome.Authenticated, alice.Detail);
        Assert.Equal($"uid=alice,ou=people,{SlapdServer.Suffix}", alice.Dn);
        Assert.Equal("alice@kvm.test", alice.Email);
        Assert.Contains("kvm-admins", alice.Groups!);
        Assert.Equal(LdapOutcome.InvalidCredentials, (await directory.AuthenticateAsync("alice", "wrong-" + slapd.UserPassword, CancellationToken.None)).Outcome);
        Assert.Equal(LdapOutcome.InvalidCredentials, (await directory.AuthenticateAsync("alice", "", CancellationToken.None)).Outcome);
        Assert.Equal(LdapOutcome.InvalidCredentials, (await directory.AuthenticateAsync("*", slapd.UserPassword, CancellationToken.None)).Outcome);

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<KvmPortal.SignIn.SignInOptions>>().CurrentValue.Ldap;
        Assert.Equal(LdapOutcome.Authenticated, (await directory.TestAsync(options, CancellationToken.None)).Outcome);

        // A server whose certificate is not trusted is refused (no CA given → the system's CAs, which do not know the test CA).
        options.CaCertificatesDirectory = "";
        Assert.Equal(LdapOutcome.Unreachable, (await directory.TestAsync(options, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task StartTls_protects_the_binds_on_the_plain_port_and_plain_ldap_needs_explicit_consent()
    {
        await using var slapd = await SlapdServer.StartAsync();
        using var app = StartApp(slapd, LdapTransport.StartTls).Start();
        var directory = app.Services.GetRequiredService<LdapDirectory>();

        var alice = await directory.AuthenticateAsync("alice", slapd.UserPassword, CancellationToken.None);
        Assert.True(alice.Outcome == LdapOutcome.Authenticated, alice.Detail);
        Assert.Contains("kvm-admins", alice.Groups!);
        Assert.Equal(LdapOutcome.InvalidCredentials, (await directory.AuthenticateAsync("alice", "wrong-" + slapd.UserPassword, CancellationToken.None)).Outcome);

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<KvmPortal.SignIn.SignInOptions>>().CurrentValue.Ldap;
        var test = await directory.TestAsync(options, CancellationToken.None);
        Assert.True(test.Outcome == LdapOutcome.Authenticated, test.Detail);
        Assert.Contains("StartTls", test.Detail, StringComparison.Ordinal);

        // The StartTLS handshake checks the certificate like LDAPS: an unknown CA is refused before any bind.
        var untrusted = Copy(options);
        untrusted.CaCertificatesDirectory = "";
        Assert.Equal(LdapOutcome.Unreachable, (await directory.TestAsync(untrusted, CancellationToken.None)).Outcome);

        // Plain LDAP: refused by the validator unless AllowPlain says so; and this slapd (security simple_bind=128) refuses a password
        // bind without TLS, which is also what proves the StartTLS binds above really ran inside TLS.
        var plain = Copy(options);
        plain.Transport = LdapTransport.Plain;
        Assert.Contains(KvmPortal.SignIn.SignInOptionsValidator.Errors(new KvmPortal.SignIn.SignInOptions { Ldap = plain }), e => e.Contains("AllowPlain", StringComparison.Ordinal));
        plain.AllowPlain = true;
        Assert.Empty(KvmPortal.SignIn.SignInOptionsValidator.Errors(new KvmPortal.SignIn.SignInOptions { Ldap = plain }));
        var clear = await directory.TestAsync(plain, CancellationToken.None);
        Assert.NotEqual(LdapOutcome.Authenticated, clear.Outcome);
        Assert.Contains("confidentiality", clear.Detail, StringComparison.OrdinalIgnoreCase); // confidentialityRequired (13)

        // The directory down: StartTLS reports it as unreachable, not as a certificate or password problem.
        await slapd.StopAsync();
        Assert.Equal(LdapOutcome.Unreachable, (await directory.AuthenticateAsync("alice", slapd.UserPassword, CancellationToken.None)).Outcome);
    }

    private static LdapOptions Copy(LdapOptions o) => new()
    {
        Enabled = o.Enabled, Host = o.Host, Port = o.Port, Transport = o.Transport, AllowPlain = o.AllowPlain, CaCertificatesDirectory = o.CaCertificatesDirectory,
        BindDn = o.BindDn, BindPassword = o.BindPassword, UserSearchBase = o.UserSearchBase, UserFilter = o.UserFilter, GroupAttribute = o.GroupAttribute,
        GroupSearchBase = o.GroupSearchBase, GroupFilter = o.GroupFilter, Timeout = o.Timeout, Roles = o.Roles,
    };

    [Fact]
    public async Task Login_form_maps_groups_refuses_unmapped_locks_out_and_survives_the_directory_going_down()
    {
        await using var slapd = await SlapdServer.StartAsync();
        using var app = StartApp(slapd, LdapTransport.Ldaps).With("KvmPortal:Security:LockoutAttempts", "3").UseRealSocket().Start();
        await using var context = await NewContextAsync(server: app.ServerAddress);

        var alice = await SignInAsync(context, "alice", slapd.UserPassword);
        Assert.Equal("alice", (await alice.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());
        Assert.Equal(200, await OidcBrowserTests.StatusAsync(alice, "/api/users"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = await users.FindByNameAsync("alice");
            Assert.Equal("ldap", account!.ExternalSource);
            Assert.Null(account.PasswordHash);
            Assert.Equal(["Admin"], await users.GetRolesAsync(account));
        }

        await context.ClearCookiesAsync();
        var page = await context.NewPageAsync();
        Assert.Contains("not in any group", await LoginErrorAsync(page, "dave", slapd.UserPassword), StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(KvmPortal.Auth.LoginService.FailureMessage, await LoginErrorAsync(page, "bob", "wrong-" + i));
        }

        Assert.Contains("locked", await LoginErrorAsync(page, "bob", "wrong-2"), StringComparison.Ordinal);
        Assert.Contains("locked", await LoginErrorAsync(page, "bob", slapd.UserPassword), StringComparison.Ordinal);

        await slapd.StopAsync();
        Assert.Contains("cannot be reached", await LoginErrorAsync(page, "alice", slapd.UserPassword), StringComparison.Ordinal);
        var admin = await SignInAsync(context, "admin", KvmAppFactory.AdminPassword);
        Assert.Equal("admin", (await admin.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Directory_user_without_a_local_password_uses_a_personal_api_token_until_disabled()
    {
        await using var slapd = await SlapdServer.StartAsync();
        using var app = StartApp(slapd, LdapTransport.Ldaps).UseRealSocket().Start();
        await using var context = await NewContextAsync(server: app.ServerAddress);
        var page = await SignInAsync(context, "bob", slapd.UserPassword); // kvm-operators → Operator, created just in time
        await page.GotoAsync("/account");
        await BrowserSignIn.WaitInteractiveAsync(page);
        await page.Locator("#token-name").FillAsync("backup script");
        await page.Locator("input[data-testid=token-perm-View], [data-testid=token-perm-View] input").First.CheckAsync();
        await page.Locator("input[data-testid=token-perm-Control], [data-testid=token-perm-Control] input").First.CheckAsync();
        await page.Locator("[data-testid=token-create]").ClickAsync();
        var token = (await page.Locator("[data-testid=token-secret]").InnerTextAsync()).Trim();
        Assert.StartsWith("kvmp_", token, StringComparison.Ordinal);
        await context.DisposeAsync(); // the browser session is gone; the script only has the token

        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using (var check = await http.GetAsync(new Uri("/api/auth/check", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, check.StatusCode);
        }

        using (var info = await http.GetAsync(new Uri("/api/info", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, info.StatusCode);
        }

        // /api/ws with the token: the first state event arrives (stream=0: no video kept open while the app stops).
        var ws = new UriBuilder(app.ServerAddress) { Scheme = "ws", Path = "/api/ws", Query = "stream=0" }.Uri;
        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(ws, timeout.Token);
            var buffer = new byte[1 << 16];
            var first = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Text, first.MessageType);
            Assert.Contains("\"event_type\"", System.Text.Encoding.UTF8.GetString(buffer, 0, first.Count), StringComparison.Ordinal);
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        // Basic and X-KVMD headers have no password to check for this account: refused.
        using (var basic = new HttpRequestMessage(HttpMethod.Get, "/api/auth/check"))
        {
            basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"bob:{slapd.UserPassword}")));
            using var plain = new HttpClient { BaseAddress = app.ServerAddress };
            using var refused = await plain.SendAsync(basic);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode); // kvmd's answer to bad API credentials
        }

        // Disabled by an admin: the token stops working on REST and /api/ws.
        Assert.Empty(await app.Services.GetRequiredService<KvmPortal.Users.UserAdministration>().SetDisabledAsync("bob", true, null, CancellationToken.None));
        using (var after = await http.GetAsync(new Uri("/api/auth/check", UriKind.Relative)))
        {
            Assert.Contains(after.StatusCode, new[] { System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.Forbidden });
        }

        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(ws, CancellationToken.None));
            Assert.Contains(socket.HttpStatusCode, new[] { System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.Forbidden });
        }
    }

    private static KvmAppFactory StartApp(SlapdServer slapd, LdapTransport transport) => new KvmAppFactory()
        .With("KvmPortal:SignIn:Ldap:Enabled", "true")
        .With("KvmPortal:SignIn:Ldap:Host", "127.0.0.1")
        .With("KvmPortal:SignIn:Ldap:Port", (transport == LdapTransport.Ldaps ? slapd.LdapsPort : slapd.LdapPort).ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("KvmPortal:SignIn:Ldap:Transport", transport.ToString())
        .With("KvmPortal:SignIn:Ldap:CaCertificatesDirectory", slapd.CaDirectory)
        .With("KvmPortal:SignIn:Ldap:BindDn", SlapdServer.ServiceDn)
        .With("KvmPortal:SignIn:Ldap:BindPassword", slapd.ServicePassword)
        .With("KvmPortal:SignIn:Ldap:UserSearchBase", $"ou=people,{SlapdServer.Suffix}")
        .With("KvmPortal:SignIn:Ldap:GroupSearchBase", $"ou=groups,{SlapdServer.Suffix}")
        .With("KvmPortal:SignIn:Ldap:Timeout", "00:00:20") // per operation; loopback answers in ms, a loaded 2-core CI machine can stall seconds (the stopped directory is refused at once, not timed out)
        .With("KvmPortal:SignIn:Ldap:Roles:Admin:0", "kvm-admins")
        .With("KvmPortal:SignIn:Ldap:Roles:Operator:0", $"cn=kvm-operators,ou=groups,{SlapdServer.Suffix}");

    private static async Task<string> LoginErrorAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        return await page.Locator("[data-testid=login-error]").InnerTextAsync();
    }
}
