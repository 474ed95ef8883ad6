using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Atx;

/// <summary>ATX wired to the simulated target server's buttons and LEDs.</summary>
public sealed class SimulatedAtxPower : AtxPowerBase
{
    private readonly SimulatedTarget _target;

    /// <summary>Initializes a new instance of the <see cref="SimulatedAtxPower"/> class.</summary>
    public SimulatedAtxPower(IOptions<AtxOptions> options, SimulatedTarget target, TimeProvider timeProvider, ILogger<SimulatedAtxPower> logger)
        : base(options?.Value!, timeProvider, logger)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        StartPolling();
        AtxLog.Started(Logger, AtxBackend.Simulated);
    }

    /// <inheritdoc/>
    protected override void SetPowerSwitch(bool pressed) => _target.SetPowerButton(pressed);

    /// <inheritdoc/>
    protected override void SetResetSwitch(bool pressed) => _target.SetResetButton(pressed);

    /// <inheritdoc/>
    protected override bool ReadPowerLed() => _target.PowerLed;

    /// <inheritdoc/>
    protected override bool ReadHddLed() => _target.HddLed;
}
