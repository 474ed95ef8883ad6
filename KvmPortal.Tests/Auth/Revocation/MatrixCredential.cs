using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Auth.Revocation;

/// <summary>One signed-in credential of a test user, applicable to HTTP requests and WebSocket handshakes alike.</summary>
public sealed class MatrixCredential
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    private MatrixCredential(string kind, string user)
    {
        Kind = kind;
        User = user;
    }

    public string Kind { get; }

    public string User { get; }

    public CookieContainer? Cookies { get; private set; }

    /// <summary>Gets the API token id (bearer) or the Redfish session path (redfish).</summary>
    public string? Handle { get; private set; }

    public static async Task<MatrixCredential> SignInAsync(RevocationApp app, string kind, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(app);
        var credential = new MatrixCredential(kind, user);
        switch (kind)
        {
            case "cookie":
                credential.Cookies = new CookieContainer();
                using (var client = app.NewClient(credential.Cookies))
                using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = password }))
                using (var login = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form))
                {
                    Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                }

                credential._headers["Origin"] = app.Address.GetLeftPart(UriPartial.Authority);
                break;
            case "basic":
                credential._headers["Authorization"] = RevocationApp.Basic(user, password).ToString();
                break;
            case "xkvmd":
                credential._headers["X-KVMD-User"] = user;
                credential._headers["X-KVMD-Passwd"] = password;
                break;
            case "bearer":
                using (var client = app.NewClient())
                {
                    client.DefaultRequestHeaders.Authorization = RevocationApp.Basic(user, password);
                    using var created = await client.PostAsync(new Uri("/api/tokens/create?name=matrix&permissions=View,Control", UriKind.Relative), null);
                    Assert.Equal(HttpStatusCode.OK, created.StatusCode);
                    using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
                    var result = json.RootElement.GetProperty("result");
                    credential._headers["Authorization"] = "Bearer " + result.GetProperty("token").GetString();
                    credential.Handle = result.GetProperty("info").GetProperty("id").GetString();
                }

                break;
            case "redfish":
                using (var client = app.NewClient())
                using (var body = new StringContent(JsonSerializer.Serialize(new { UserName = user, Password = password }), Encoding.UTF8, "application/json"))
                using (var login = await client.PostAsync(new Uri("/redfish/v1/SessionService/Sessions", UriKind.Relative), body))
                {
                    Assert.Equal(HttpStatusCode.Created, login.StatusCode);
                    credential._headers["X-Auth-Token"] = login.Headers.GetValues("X-Auth-Token").Single();
                    credential.Handle = login.Headers.Location!.OriginalString;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return credential;
    }

    public static MatrixCredential AdminBasic()
    {
        var credential = new MatrixCredential("basic", "admin");
        credential._headers["Authorization"] = RevocationApp.Basic("admin", KvmAppFactory.AdminPassword).ToString();
        return credential;
    }

    public HttpClient Client(RevocationApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.NewClient(Cookies);
        foreach (var (name, value) in _headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        return client;
    }

    public void Apply(ClientWebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Cookies is not null)
        {
            options.Cookies = Cookies;
        }

        foreach (var (name, value) in _headers)
        {
            options.SetRequestHeader(name, value);
        }
    }

    public override string ToString() => $"{Kind} of {User}";
}
