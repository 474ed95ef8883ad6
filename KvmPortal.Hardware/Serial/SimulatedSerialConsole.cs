using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// The simulated target's serial console (its COM1): it follows the target's power, printing a boot log and a login prompt at every
/// power-on or reset and going silent when the target is off. Input goes to <see cref="SimulatedSerialShell"/>.
/// </summary>
public sealed class SimulatedSerialConsole : SerialConsoleBase
{
    private const string PoweredOff = "The simulated target is powered off.";
    private readonly SimulatedTarget _target;
    private readonly SimulatedSerialShell _shell;
    private readonly Lock _shellLock = new();
    private long _seenBoot;
    private bool _poweredOn;

    public SimulatedSerialConsole(string name, string hostName, SimulatedTarget target, SerialRingLog log, TimeProvider time, ILogger<SimulatedSerialConsole> logger)
        : base(name, "simulated", "115200 8N1", log, time, logger)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _shell = new SimulatedSerialShell(hostName, time, bytes => Publish(bytes));
    }

    /// <inheritdoc/>
    public override void Start()
    {
        _target.StateChanged += OnTargetChanged;
        Follow();
    }

    /// <inheritdoc/>
    public override Task<bool> SendBreakAsync(CancellationToken cancellationToken)
    {
        lock (_shellLock)
        {
            if (!_poweredOn)
            {
                throw new SerialUnavailableException(PoweredOff);
            }

            _shell.Break();
        }

        SerialLog.BreakSent(Logger, Name);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (_shellLock)
        {
            if (!_poweredOn)
            {
                throw new SerialUnavailableException(PoweredOff);
            }

            _shell.Receive(data.Span);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    protected override ValueTask StopCoreAsync()
    {
        _target.StateChanged -= OnTargetChanged;
        return ValueTask.CompletedTask;
    }

    private void OnTargetChanged(object? sender, EventArgs e) => Follow();

    private void Follow()
    {
        bool? connected = null;
        lock (_shellLock)
        {
            var on = _target.IsPoweredOn;
            var boots = _target.BootCount;
            if (on && boots != _seenBoot)
            {
                _seenBoot = boots;
                _poweredOn = true;
                _shell.Boot();
                connected = true;
            }
            else if (!on && _poweredOn)
            {
                _poweredOn = false;
                _shell.PowerOff();
                connected = false;
            }
            else if (!on && State.Detail != PoweredOff)
            {
                connected = false;
            }
        }

        if (connected is { } now)
        {
            SetState(now, now ? null : PoweredOff);
        }
    }
}
