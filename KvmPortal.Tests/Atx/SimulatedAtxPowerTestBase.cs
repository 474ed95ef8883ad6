using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Atx;

/// <summary>The simulated ATX backend driving a simulated target on a manual clock, shared by its test classes.</summary>
public abstract class SimulatedAtxPowerTestBase : IDisposable
{
    protected SimulatedAtxPowerTestBase()
    {
        Target = new SimulatedTarget(Options.Create(new SimulationOptions()), Time);
        Atx = new SimulatedAtxPower(Options.Create(new AtxOptions()), Target, Time, NullLogger<SimulatedAtxPower>.Instance);
    }

    private protected ManualTimeProvider Time { get; } = new();

    private protected SimulatedTarget Target { get; }

    private protected SimulatedAtxPower Atx { get; }

    public void Dispose()
    {
        Atx.Dispose();
        Target.Dispose();
        GC.SuppressFinalize(this);
    }
}
