using System.Net;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Auth;

/// <summary>
/// A cookie made stale by a security-stamp change is refused everywhere, but only a page request answers "delete the cookie": a
/// background request (the old page's circuit reconnecting, API, streams) must not, because that answer can arrive after the one
/// that set the renewed cookie and would delete it (the cause of AccountBrowserTests' flake under load). Checked both right after the
/// change (the per-request check) and after the revalidation interval (Identity's security-stamp validator).
/// </summary>
public sealed class StaleCookieRefusalTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().With("KvmPortal:Security:SessionRevalidation", "00:00:01").Start();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BackgroundRequests_AreRefused_WithoutDeletingTheCookie_APageDeletesIt(bool afterRevalidationInterval)
    {
        Assert.Empty(await _app.Services.GetRequiredService<UserAdministration>().CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None));
        string cookies;
        using (var browser = new PortalClient(_app))
        using (var login = await browser.LoginAsync("oscar", TestPasswords.User))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            cookies = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        }

        using var http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using (var fresh = await SendAsync(http, HttpMethod.Get, "/api/streamer", cookies))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.UpdateSecurityStampAsync((await users.FindByNameAsync("oscar"))!)).Succeeded);
        }

        if (afterRevalidationInterval)
        {
            await Task.Delay(1200); // the cookie is now older than the interval: Identity's validator sees it first
        }

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1"), (HttpMethod.Get, "/api/streamer"), (HttpMethod.Get, "/api/info") })
        {
            using var refused = await SendAsync(http, method, path, cookies);
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{path}: {refused.StatusCode}");
            Assert.False(DeletesAuthCookie(refused), $"{path} answered with a cookie deletion");
        }

        using var page = await SendAsync(http, HttpMethod.Get, "/", cookies);
        Assert.Equal("/Account/Login", PortalClient.RedirectPath(page)?.Split('?')[0]);
        Assert.True(DeletesAuthCookie(page), "a page request drops the stale cookie");
    }

    public void Dispose() => _app.Dispose();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string cookies)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        return await http.SendAsync(request);
    }

    private static bool DeletesAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) &&
        values.Any(v => v.StartsWith("kvmportal_auth=", StringComparison.Ordinal) && v.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
}
