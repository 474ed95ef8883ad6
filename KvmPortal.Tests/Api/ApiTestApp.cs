using System.Net.Http.Headers;
using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Api;

/// <summary>
/// A running app with a viewer, an operator and the admin signed in through <c>/api/auth/login</c> (cookies), plus a personal token of
/// the admin limited to View. Password checks are slow by design, so each identity logs in once.
/// </summary>
public sealed class ApiTestApp : IAsyncLifetime
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string ViewToken = "token-view";
    public const string Anonymous = "anonymous";

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public ApiTestApp()
        : this(realSocket: false)
    {
    }

    internal ApiTestApp(bool realSocket, params (string Key, string Value)[] settings)
    {
        Factory = new KvmAppFactory().With("KvmPortal:Hid:PasteKeyDelayMs", "1");
        foreach (var (key, value) in settings)
        {
            Factory.With(key, value);
        }

        if (realSocket)
        {
            Factory.UseRealSocket();
        }
    }

    public KvmAppFactory Factory { get; }

    public string ViewTokenText { get; private set; } = "";

    public static IReadOnlyList<string> Identities { get; } = [Anonymous, Viewer, Operator, Admin, ViewToken];

    public HttpClient this[string identity] => _clients[identity];

    public async Task InitializeAsync()
    {
        Factory.Start();
        var admin = Factory.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(await admin.CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));
        Assert.Empty(await admin.CreateAsync("otto", TestPasswords.User, Roles.Operator, CancellationToken.None));
        _clients[Anonymous] = NewClient();
        _clients[Viewer] = await LoginAsync("vera", TestPasswords.User);
        _clients[Operator] = await LoginAsync("otto", TestPasswords.User);
        _clients[Admin] = await LoginAsync("admin", KvmAppFactory.AdminPassword);
        using var created = await _clients[Admin].PostAsync(new Uri("/api/tokens/create?name=matrix&permissions=View", UriKind.Relative), null);
        Assert.Equal(200, (int)created.StatusCode);
        ViewTokenText = (await ReadJsonAsync(created)).GetProperty("result").GetProperty("token").GetString()!;
        var tokenClient = NewClient(cookies: false);
        tokenClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ViewTokenText);
        _clients[ViewToken] = tokenClient;
    }

    public HttpClient NewClient(bool cookies = true) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });

    public async Task<HttpClient> LoginAsync(string user, string password)
    {
        var client = NewClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = password });
        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(200, (int)response.StatusCode);
        return client;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        Factory.Dispose();
        return Task.CompletedTask;
    }
}
