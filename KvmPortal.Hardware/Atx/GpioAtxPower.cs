using KvmPortal.Hardware.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Atx;

/// <summary>ATX over GPIO: two output lines drive the button optocouplers, one or two input lines sense the LEDs.</summary>
public sealed class GpioAtxPower : AtxPowerBase
{
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
        var chip = o.GpioChip;
        var opened = new List<IGpioLine>();
        try
        {
            // Switches idle released; an inverted (active-low) switch therefore idles high.
            _powerSwitch = Track(opened, lines.OpenOutput(chip, Required(o.PowerSwitchPin, nameof(o.PowerSwitchPin)), o.PowerSwitchInverted, o.Consumer));
            _resetSwitch = Track(opened, lines.OpenOutput(chip, Required(o.ResetSwitchPin, nameof(o.ResetSwitchPin)), o.ResetSwitchInverted, o.Consumer));
            _powerLed = Track(opened, lines.OpenInput(chip, Required(o.PowerLedPin, nameof(o.PowerLedPin)), o.Consumer));
            _hddLed = o.HddLedPin is { } hdd ? Track(opened, lines.OpenInput(chip, hdd, o.Consumer)) : null;
        }
        catch
        {
            opened.ForEach(line => line.Dispose());
            throw;
        }

        StartPolling();
        AtxLog.Started(Logger, AtxBackend.Gpio);
    }

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
            _powerSwitch.Dispose();
            _resetSwitch.Dispose();
            _powerLed.Dispose();
            _hddLed?.Dispose();
        }
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

    private static IGpioLine Track(List<IGpioLine> opened, IGpioLine line)
    {
        opened.Add(line);
        return line;
    }
}
