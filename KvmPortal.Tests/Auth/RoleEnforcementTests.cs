using System.Net;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Auth;

public sealed class RoleEnforcementTests : IClassFixture<RoleEnforcementTests.Fixture>
{
    private readonly Fixture _fixture;

    public RoleEnforcementTests(Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("viewer", "/api/users", HttpStatusCode.Forbidden)]
    [InlineData("operator", "/api/users", HttpStatusCode.Forbidden)]
    [InlineData("admin", "/api/users", HttpStatusCode.OK)]
    [InlineData("viewer", "/api/auth/check", HttpStatusCode.OK)]
    [InlineData(null, "/api/auth/check", HttpStatusCode.Unauthorized)]
    [InlineData(null, "/api/users", HttpStatusCode.Unauthorized)]
    [InlineData(null, "/healthz", HttpStatusCode.OK)]
    public async Task Api_AnswersByRole(string? user, string path, HttpStatusCode expected)
    {
        using var client = await _fixture.ClientAsync(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("viewer", "/admin/users", "/Account/AccessDenied")]
    [InlineData("viewer", "/admin/audit", "/Account/AccessDenied")]
    [InlineData("viewer", "/macros", "/Account/AccessDenied")]
    [InlineData("operator", "/admin/users", "/Account/AccessDenied")]
    [InlineData(null, "/admin/users", "/Account/Login")]
    [InlineData(null, "/", "/Account/Login")]
    public async Task Pages_RedirectWhenNotPermitted(string? user, string path, string redirectPrefix)
    {
        using var client = await _fixture.ClientAsync(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(redirectPrefix, PortalClient.RedirectPath(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", "/admin/users")]
    [InlineData("operator", "/macros")]
    [InlineData("viewer", "/")]
    public async Task Pages_RenderWhenPermitted(string user, string path)
    {
        using var client = await _fixture.ClientAsync(user);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthPage_ShowsTheCurrentSample_ToAViewer()
    {
        using var client = await _fixture.ClientAsync("viewer");
        var html = await client.GetStringAsync("/health");
        Assert.Contains("data-testid=\"health-now\"", html, StringComparison.Ordinal);
        Assert.Contains("Memory", html, StringComparison.Ordinal);
        Assert.Contains("Uptime", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleClaimsInTheRequest_AreIgnored()
    {
        using var client = await _fixture.ClientAsync("viewer");
        client.Http.DefaultRequestHeaders.Add("X-Role", "Admin");
        client.Http.DefaultRequestHeaders.Add("X-Kvm-Perm", "Admin");
        using var response = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime, IDisposable
    {
        public static string Password => TestPasswords.User;

        public KvmAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            App.Start();
            var admin = App.Services.GetRequiredService<UserAdministration>();
            Assert.Empty(await admin.CreateAsync("viewer", Password, Roles.Viewer, CancellationToken.None));
            Assert.Empty(await admin.CreateAsync("operator", Password, Roles.Operator, CancellationToken.None));
        }

        public async Task<PortalClient> ClientAsync(string? user)
        {
            var client = new PortalClient(App);
            if (user is not null)
            {
                using var login = await client.LoginAsync(user, user == "admin" ? KvmAppFactory.AdminPassword : Password);
                Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            }

            return client;
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => App.Dispose();
    }
}
