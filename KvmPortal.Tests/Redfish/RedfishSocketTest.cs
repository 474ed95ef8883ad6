using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Redfish;

/// <summary>
/// The app on a real Kestrel socket with the simulated target and quick ATX clicks (1.5 s long press, 1 s forced-off hold), and the
/// operator "otto" the Redfish tests sign in as. <paramref name="busyAfterClickMs"/> sets how long the ATX service stays busy after a click.
/// </summary>
public abstract class RedfishSocketTest(int busyAfterClickMs) : IAsyncLifetime
{
    protected const string Operator = "otto";

    protected KvmAppFactory Factory { get; } = new KvmAppFactory()
        .With("KvmPortal:Atx:LongClickMs", "1500")
        .With("KvmPortal:Atx:BusyAfterClickMs", busyAfterClickMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("KvmPortal:Simulation:ForceOffHoldMs", "1000")
        .UseRealSocket();

    protected SimulatedTarget Target => Factory.Services.GetRequiredService<SimulatedTarget>();

    protected IAtxPower Atx => Factory.Services.GetRequiredService<IAtxPower>();

    protected string Host => $"{Factory.ServerAddress.Host}:{Factory.ServerAddress.Port}";

    public async Task InitializeAsync()
    {
        Factory.Start();
        Assert.Empty(await Factory.Services.GetRequiredService<UserAdministration>().CreateAsync(Operator, TestPasswords.User, Roles.Operator, CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Waits for the simulated target's own timers; not a timing assertion.</summary>
    protected static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, "the simulated target");
}
