using System.Globalization;
using System.Security.Cryptography;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// The real app (Kestrel on a loopback port, a real SQLite file, the simulated target) with the IPMI server on a free loopback UDP
/// port. Users: admin (Admin), otto (Operator), vera (Viewer), nora (Operator without an IPMI password), lola (Operator, for the
/// lockout test). IPMI passwords are set through the real <c>POST /api/users/ipmi_password</c>. An ISO is selected for virtual media.
/// </summary>
public sealed class IpmiTestApp : IAsyncLifetime
{
    public const string ImageName = "boot.iso";

    public KvmAppFactory Factory { get; } = new KvmAppFactory()
        .With("KvmPortal:Ipmi:Enabled", "true")
        .With("KvmPortal:Ipmi:Port", "0")
        .With("KvmPortal:Ipmi:BindAddress", "127.0.0.1")
        .With("KvmPortal:Ipmi:LockoutAttempts", "5")
        .With("KvmPortal:Atx:LongClickMs", "1500")
        .With("KvmPortal:Atx:BusyAfterClickMs", "100")
        .With("KvmPortal:Simulation:ForceOffHoldMs", "1000")
        .With("KvmPortal:Simulation:GracefulShutdownMs", "500")
        .UseRealSocket();

    public Dictionary<string, string> IpmiPasswords { get; } = new(StringComparer.Ordinal);

    public int Port => Factory.Services.GetRequiredService<IpmiServer>().LocalEndPoint!.Port;

    public SimulatedTarget Target => Factory.Services.GetRequiredService<SimulatedTarget>();

    public IAtxPower Atx => Factory.Services.GetRequiredService<IAtxPower>();

    public IpmiMetrics Metrics => Factory.Services.GetRequiredService<IpmiMetrics>();

    public HttpClient Admin { get; private set; } = null!;

    public static string NewIpmiPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public async Task InitializeAsync()
    {
        Factory.Start();
        var admin = Factory.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[] { ("otto", Roles.Operator), ("vera", Roles.Viewer), ("nora", Roles.Operator), ("lola", Roles.Operator) })
        {
            Assert.Empty(await admin.CreateAsync(name, TestPasswords.User, role, CancellationToken.None));
        }

        Admin = await LoginAsync("admin", KvmAppFactory.AdminPassword);
        foreach (var name in new[] { "admin", "otto", "vera", "lola" })
        {
            IpmiPasswords[name] = NewIpmiPassword();
            Assert.Equal(200, await SetIpmiPasswordAsync(Admin, name, IpmiPasswords[name]));
        }

        var library = Factory.Services.GetRequiredService<ImageLibrary>();
        var iso = new byte[OpticalDisc.MinimumCdRomBytes];
        "CD001"u8.CopyTo(iso.AsSpan(32769));
        await library.UploadAsync(new UploadRequest { Name = ImageName }, new MemoryStream(iso));
        await Factory.Services.GetRequiredService<IMassStorage>().SetImageAsync(ImageName, MsdMode.Flash, true);
    }

    public Task<HttpClient> LoginAsync(string user, string password) => RealSocketApi.LoginAsync(Factory, user, password);

    public static Task<int> SetIpmiPasswordAsync(HttpClient client, string name, string password, string extra = "") =>
        RealSocketApi.SetProtocolPasswordAsync(client, "ipmi", name, password, extra);

    /// <summary>Waits for the simulated target's own timers; not a timing assertion.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, what);

    public Task WaitUntilIdleAsync() =>
        WaitUntilAsync(() => !Atx.State.Busy && !Target.IsShuttingDown && Atx.State.PowerLed == Target.IsPoweredOn, "the ATX service to be idle");

    /// <summary>Brings the simulated target to the wanted power state through the app's ATX service (test set-up, not the code under test).</summary>
    public async Task EnsurePowerAsync(bool on)
    {
        await WaitUntilIdleAsync();
        if (Target.IsPoweredOn != on)
        {
            await Atx.PowerAsync(on ? AtxPowerAction.On : AtxPowerAction.OffHard, wait: true, CancellationToken.None);
            await WaitUntilAsync(() => Target.IsPoweredOn == on, on ? "power on" : "power off");
        }

        await WaitUntilIdleAsync();
    }

    /// <summary>Debian's ipmitool, the IPMI console most tests drive.</summary>
    public const string Ipmitool = "/usr/bin/ipmitool";

    /// <summary>ipmitool's lanplus options for <paramref name="user"/> with their IPMI password (suite and privilege null: ipmitool's own choice).</summary>
    public string[] IpmitoolLogin(string user, string? suite = null, string? privilege = null) =>
        ["-I", "lanplus", "-H", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", user, "-P", IpmiPasswords[user],
            .. suite is null ? Array.Empty<string>() : ["-C", suite], .. privilege is null ? Array.Empty<string>() : ["-L", privilege]];

    /// <summary>Runs ipmitool with <paramref name="login"/> (<see cref="IpmitoolLogin"/>) and <paramref name="command"/>; fails the test unless it exits with 0.</summary>
    public static async Task<string> IpmitoolAsync(string[] login, params string[] command)
    {
        var (code, text, errors) = await RunAsync(Ipmitool, [.. login, .. command]);
        Assert.True(code == 0, $"ipmitool {string.Join(' ', command)} failed ({code}): {errors}\n{text}");
        return text;
    }

    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(string tool, params string[] arguments) =>
        ExternalTool.RunAsync(tool, arguments, timeoutSeconds: 60);

    public Task DisposeAsync()
    {
        Admin?.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
