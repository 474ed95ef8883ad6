using KvmPortal.Hardware.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Atx;

/// <summary>
/// ATX over GPIO (System.Device.Gpio): two output lines drive the button optocouplers, one or two input lines sense the LEDs
/// through edge events, debounced by <see cref="AtxOptions.LedDebounceMs"/>.
/// </summary>
public sealed class GpioAtxPower : AtxPowerBase
{
    private readonly IGpioChip _chip;
    private readonly IGpioLine _powerSwitch;
    private readonly IGpioLine _resetSwitch;
    private readonly IGpioLine _powerLed;
    private readonly IGpioLine? _hddLed;
    private readonly Lock _linesGate = new();
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="GpioAtxPower"/> class and requests its lines.</summary>
    public GpioAtxPower(IOptions<AtxOptions> options, IGpioLineProvider lines, TimeProvider timeProvider, ILogger<GpioAtxPower> logger)
        : base(options?.Value!, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var o = Options;
        _chip = lines.OpenChip(o.GpioChip, o.GpioDriver);
        try
        {
            // Switches idle released; an inverted (active-low) switch therefore idles high.
            _powerSwitch = _chip.OpenOutput(Required(o.PowerSwitchPin, nameof(o.PowerSwitchPin)), o.PowerSwitchInverted);
            _resetSwitch = _chip.OpenOutput(Required(o.ResetSwitchPin, nameof(o.ResetSwitchPin)), o.ResetSwitchInverted);
            _powerLed = _chip.OpenInput(Required(o.PowerLedPin, nameof(o.PowerLedPin)), _ => OnLedEdge());
            _hddLed = o.HddLedPin is { } hdd ? _chip.OpenInput(hdd, _ => OnLedEdge()) : null;
        }
        catch
        {
            // Releases whatever lines were already requested.
            _chip.Dispose();
            throw;
        }

        StartEdgeSensing();
        AtxLog.Started(Logger, AtxBackend.Gpio);
    }

    /// <summary>Gets the GPIO driver in use.</summary>
    public GpioDriverKind Driver => _chip.Driver;

    /// <inheritdoc/>
    protected override void SetPowerSwitch(bool pressed) => WriteSwitch(_powerSwitch, pressed, Options.PowerSwitchInverted);

    /// <inheritdoc/>
    protected override void SetResetSwitch(bool pressed) => WriteSwitch(_resetSwitch, pressed, Options.ResetSwitchInverted);

    /// <inheritdoc/>
    protected override bool ReadPowerLed() => _powerLed.Read() ^ Options.PowerLedInverted;

    /// <inheritdoc/>
    protected override bool ReadHddLed() => _hddLed is not null && (_hddLed.Read() ^ Options.HddLedInverted);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        lock (_linesGate)
        {
            if (_disposed)
            {
                return;
            }

            // Release both buttons before letting the lines go, even if a click was cut short.
            _disposed = true;
            _powerSwitch.Write(Options.PowerSwitchInverted);
            _resetSwitch.Write(Options.ResetSwitchInverted);
        }

        // Outside the gate: releasing an edge-detecting line waits for its event thread, which may be reading an LED.
        _powerSwitch.Dispose();
        _resetSwitch.Dispose();
        _powerLed.Dispose();
        _hddLed?.Dispose();
        _chip.Dispose();
    }

    private void WriteSwitch(IGpioLine line, bool pressed, bool inverted)
    {
        lock (_linesGate)
        {
            // After disposal a background click that is still finishing must not touch a released line.
            if (!_disposed)
            {
                line.Write(pressed ^ inverted);
            }
        }
    }

    private static int Required(int? pin, string name) =>
        pin ?? throw new InvalidOperationException($"KvmPortal:Atx:{name} is required for the Gpio backend.");
}
