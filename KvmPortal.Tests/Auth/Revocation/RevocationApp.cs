using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Auth.Revocation;

/// <summary>The real app on a loopback socket (real SQLite file, simulated target switched on so video flows), shared by the matrix.</summary>
public sealed class RevocationApp : IAsyncLifetime
{
    private int _users;

    public KvmAppFactory Factory { get; } = new KvmAppFactory().UseRealSocket();

    public Uri Address => Factory.ServerAddress;

    public UserAdministration Users => Factory.Services.GetRequiredService<UserAdministration>();

    public async Task InitializeAsync()
    {
        Factory.Start();
        var target = Factory.Services.GetRequiredService<SimulatedTarget>();
        using var admin = NewClient();
        admin.DefaultRequestHeaders.Authorization = Basic("admin", KvmAppFactory.AdminPassword);
        using var on = await admin.PostAsync(new Uri("/api/atx/power?action=on&wait=1", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        for (var i = 0; i < 600 && !target.IsPoweredOn; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Creates a fresh Operator account for one case.</summary>
    public async Task<string> NewUserAsync()
    {
        var name = "victim" + Interlocked.Increment(ref _users).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(await Users.CreateAsync(name, TestPasswords.User, Roles.Operator, CancellationToken.None));
        return name;
    }

    public HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer(), UseProxy = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
