using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Auth;
using KvmPortal.Users;
using KvmPortal.Tests.Support;
using KvmPortal.Settings;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// The real app (Kestrel on a loopback port, a real SQLite file, the simulated target) with the VNC server on a free port of the same
/// address and classic VNC Authentication allowed (through the settings override file). Users: admin, otto (Operator), vera (Viewer), lola (Operator, for the lockout test),
/// dora (Operator, disabled by a test), pia (Operator, whose VNC password a test changes). VNC passwords are set through the real <c>POST /api/users/vnc_password</c>.
/// </summary>
public sealed class VncTestApp : IAsyncLifetime
{
    public static readonly Dictionary<string, string> VncPasswords = new(StringComparer.Ordinal)
    {
        ["otto"] = "otto1234", ["vera"] = "vera1234", ["dora"] = "dora1234", ["admin"] = "adm1n!23", ["pia"] = "pia12345",
    };

    public KvmAppFactory Factory { get; } = new KvmAppFactory()
        .With("KvmPortal:Vnc:Enabled", "true")
        .With("KvmPortal:Vnc:Port", "0")
        .WithTestServices(services =>
        {
            services.AddSingleton(sp => new ResizableDisplay(sp.GetRequiredService<SimulatedTarget>()));
            services.AddSingleton<ISimulatedDisplay>(sp => sp.GetRequiredService<ResizableDisplay>());
        })
        .UseRealSocket();

    public int Port { get; private set; }

    public string CertificatePath => Path.Combine(Factory.DataDirectory, "tls", "selfsigned.crt");

    public SimulatedTarget Target => Factory.Services.GetRequiredService<SimulatedTarget>();

    /// <summary>Gets the screen the video source captures (a test may change its resolution; reset it afterwards).</summary>
    public ResizableDisplay Display => Factory.Services.GetRequiredService<ResizableDisplay>();

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.Start();
        var admin = Factory.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[] { ("otto", Roles.Operator), ("vera", Roles.Viewer), ("lola", Roles.Operator), ("dora", Roles.Operator), ("pia", Roles.Operator) })
        {
            Assert.Empty(await admin.CreateAsync(name, TestPasswords.User, role, CancellationToken.None));
        }

        // Classic VNC Authentication is switched on the way an admin does it (the override file), so the settings test can switch it off.
        var settings = Factory.Services.GetRequiredService<SettingsService>();
        var allowed = settings.SaveKeys(new SettingsKeyChange("vnc", new Dictionary<string, object> { ["KvmPortal:Vnc:AllowClassicAuth"] = true }, _ => [], false), "admin", null);
        Assert.True(allowed.Succeeded, string.Join(" ", allowed.Errors));
        var vnc = Factory.Services.GetRequiredService<IOptionsMonitor<VncOptions>>();
        await WaitUntilAsync(() => vnc.CurrentValue.AllowClassicAuth, "classic VNC Authentication to be allowed");

        var listening = await Factory.Services.GetRequiredService<VncServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        Port = Assert.Single(listening).Port;
        Admin = await LoginAsync("admin", KvmAppFactory.AdminPassword);
        foreach (var (name, password) in VncPasswords)
        {
            Assert.Equal(200, await SetVncPasswordAsync(Admin, name, password));
        }

        _ = Factory.Services.GetRequiredService<VncHost>().Certificate; // writes the self-signed certificate clients are given as their CA
        await PowerOnAsync();
    }

    public Task<HttpClient> LoginAsync(string user, string password) => RealSocketApi.LoginAsync(Factory, user, password);

    public static Task<int> SetVncPasswordAsync(HttpClient client, string name, string password, string extra = "") =>
        RealSocketApi.SetProtocolPasswordAsync(client, "vnc", name, password, extra);

    public async Task PowerOnAsync()
    {
        var atx = Factory.Services.GetRequiredService<IAtxPower>();
        await WaitUntilAsync(() => !atx.State.Busy, "ATX idle");
        if (!Target.IsPoweredOn)
        {
            await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None);
        }

        await WaitUntilAsync(() => Target.IsPoweredOn, "power on");
    }

    /// <summary>Waits for the app or the simulated target (not a timing assertion).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 20) => Poll.UntilAsync(condition, what, seconds);

    public Task DisposeAsync()
    {
        Admin?.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
