using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KvmPortal.Tests.Security;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Auth.Revocation;

/// <summary>
/// Logout ends the session server-side (a saved copy of the cookie is refused afterwards), and
/// token scopes apply to logout and token management: a View-only token cannot log its owner out nor revoke the owner's other tokens.
/// </summary>
public sealed class LogoutAndTokenScopeTests
{
    [Theory]
    [InlineData("/api/auth/logout")]
    [InlineData("/Account/Logout")]
    public async Task ACopiedCookie_IsRefused_AfterLogout(string logoutPath)
    {
        await using var app = await SecurityApp.StartAsync();
        var saved = app.AdminCookies.GetCookieHeader(app.Address);
        Assert.NotEmpty(saved);
        Assert.Equal(HttpStatusCode.OK, await CheckWithCookieAsync(app, saved));

        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(logoutPath, UriKind.Relative)))
        {
            request.Headers.Add("Origin", app.Address.GetLeftPart(UriPartial.Authority));
            using var logout = await app.Admin.SendAsync(request);
            Assert.True((int)logout.StatusCode is 200 or 302, $"{logoutPath}: {(int)logout.StatusCode}");
        }

        // The attacker's copy, replayed by hand (the browser itself deleted its cookie).
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckWithCookieAsync(app, saved));

        // Another session of the same user is not affected by this logout.
        var other = await app.LoginAsync("admin", KvmAppFactory.AdminPassword);
        using var stillIn = await other.GetAsync(new Uri("/api/auth/check", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task AViewOnlyToken_CannotLogItsOwnerOut_NorRevokeTheOwnersOtherTokens()
    {
        await using var app = await SecurityApp.StartAsync();
        var basic = app.NewClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + KvmAppFactory.AdminPassword)));
        var (viewToken, viewId) = await CreateTokenAsync(basic, "view", "View");
        var (_, otherId) = await CreateTokenAsync(basic, "other", "View,Control,Power");
        var token = app.NewClient();
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", viewToken);

        using (var logout = await token.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, logout.StatusCode); // accepted, ends nothing: a token is not a session
        }

        using (var owner = await app.Admin.GetAsync(new Uri("/api/auth/check", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode); // the owner's cookie session lives on
        }

        using (var revokeOther = await token.PostAsync(new Uri($"/api/tokens/revoke?id={otherId}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, revokeOther.StatusCode);
        }

        using (var list = await basic.GetAsync(new Uri("/api/tokens", UriKind.Relative)))
        using (var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync()))
        {
            var other = json.RootElement.GetProperty("result").GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("id").GetString() == otherId);
            Assert.False(other.GetProperty("revoked").GetBoolean());
        }

        using (var revokeSelf = await token.PostAsync(new Uri($"/api/tokens/revoke?id={viewId}", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, revokeSelf.StatusCode);
        }

        using var after = await token.GetAsync(new Uri("/api/auth/check", UriKind.Relative));
        Assert.True(after.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    private static async Task<HttpStatusCode> CheckWithCookieAsync(SecurityApp app, string cookieHeader)
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/auth/check", UriKind.Relative));
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(string Token, string Id)> CreateTokenAsync(HttpClient client, string name, string permissions)
    {
        using var created = await client.PostAsync(new Uri($"/api/tokens/create?name={name}&permissions={permissions}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var result = json.RootElement.GetProperty("result");
        return (result.GetProperty("token").GetString()!, result.GetProperty("info").GetProperty("id").GetString()!);
    }
}
