using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Hardware.Wol;

/// <summary>Wakes the simulated target server: a target that is off powers on, as a real one with WoL enabled in its BIOS would.</summary>
public sealed class SimulatedWakeOnLan(SimulatedTarget target) : IWakeOnLan
{
    /// <summary>The MAC address the simulated target pretends to have (locally administered).</summary>
    public const string SimulatedMac = "02:4b:56:4d:00:01";

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <inheritdoc/>
    public string? TargetMac => SimulatedMac;

    /// <inheritdoc/>
    public Task SendAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!target.IsPoweredOn)
        {
            // The network card asserts the same wake signal as the power button.
            target.SetPowerButton(true);
            target.SetPowerButton(false);
        }

        return Task.CompletedTask;
    }
}
