using System.Net;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Security;

/// <summary>The real app on a real loopback socket with the admin signed in through <c>/api/auth/login</c> on a real HttpClient.</summary>
public sealed class SecurityApp : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private SecurityApp(KvmAppFactory factory) => Factory = factory;

    public KvmAppFactory Factory { get; }

    public Uri Address => Factory.ServerAddress;

    public HttpClient Admin { get; private set; } = null!;

    public CookieContainer AdminCookies { get; } = new();

    public static async Task<SecurityApp> StartAsync(params (string Key, string Value)[] settings)
    {
        var factory = new KvmAppFactory().UseRealSocket();
        foreach (var (key, value) in settings)
        {
            factory.With(key, value);
        }

        var app = new SecurityApp(factory);
        try
        {
            factory.Start();
            app.Admin = await app.LoginAsync("admin", KvmAppFactory.AdminPassword, app.AdminCookies);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public HttpClient NewClient(CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer(), UseProxy = false };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(client);
        return client;
    }

    public async Task<HttpClient> LoginAsync(string user, string password, CookieContainer? cookies = null)
    {
        var client = NewClient(cookies ?? new CookieContainer());
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = password });
        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(200, (int)response.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Factory.DisposeAsync();
    }
}
