using KvmPortal.Hardware.Gpio;

namespace KvmPortal.Hardware.Atx;

/// <summary>ATX settings (configuration section <c>KvmPortal:Atx</c>). Defaults follow PiKVM's timings.</summary>
public sealed class AtxOptions
{
    /// <summary>Gets or sets the backend.</summary>
    public AtxBackend Backend { get; set; } = AtxBackend.Simulated;

    /// <summary>Gets or sets the GPIO chip device, <c>/dev/gpiochipN</c> (Gpio backend).</summary>
    public string GpioChip { get; set; } = "/dev/gpiochip0";

    /// <summary>
    /// Gets or sets the System.Device.Gpio driver (Gpio backend). <see cref="GpioDriverKind.Auto"/> picks the first that opens the
    /// chip: libgpiod v2, libgpiod v1 (Raspberry Pi OS bookworm), sysfs. The choice is logged at start.
    /// </summary>
    public GpioDriverKind GpioDriver { get; set; } = GpioDriverKind.Auto;

    /// <summary>Gets or sets the line driving the power button (PiKVM: 23). Required for the Gpio backend.</summary>
    public int? PowerSwitchPin { get; set; }

    /// <summary>Gets or sets the line driving the reset button (PiKVM: 27). Required for the Gpio backend.</summary>
    public int? ResetSwitchPin { get; set; }

    /// <summary>Gets or sets the line sensing the power LED (PiKVM: 24, V4 Plus: 4). Required for the Gpio backend.</summary>
    public int? PowerLedPin { get; set; }

    /// <summary>Gets or sets the line sensing the HDD LED (PiKVM: 22, V4 Plus: 5). Optional.</summary>
    public int? HddLedPin { get; set; }

    /// <summary>Gets or sets a value indicating whether the power switch is active low (pressed = low).</summary>
    public bool PowerSwitchInverted { get; set; }

    /// <summary>Gets or sets a value indicating whether the reset switch is active low.</summary>
    public bool ResetSwitchInverted { get; set; }

    /// <summary>Gets or sets a value indicating whether the power LED input reads low when lit.</summary>
    public bool PowerLedInverted { get; set; }

    /// <summary>Gets or sets a value indicating whether the HDD LED input reads low when lit.</summary>
    public bool HddLedInverted { get; set; }

    /// <summary>Gets or sets the short power click, in milliseconds.</summary>
    public int ClickMs { get; set; } = 100;

    /// <summary>Gets or sets the long power click, in milliseconds.</summary>
    public int LongClickMs { get; set; } = 5500;

    /// <summary>Gets or sets the reset click, in milliseconds.</summary>
    public int ResetClickMs { get; set; } = 100;

    /// <summary>Gets or sets how long the ATX stays busy after a button is released, in milliseconds.</summary>
    public int BusyAfterClickMs { get; set; } = 1000;

    /// <summary>Gets or sets the LED polling interval of the Simulated backend, in milliseconds (the Gpio backend senses edges).</summary>
    public int LedPollMs { get; set; } = 100;

    /// <summary>Gets or sets how long an LED must hold a new level before it counts, in milliseconds.</summary>
    public int LedDebounceMs { get; set; } = 100;

    /// <summary>Gets or sets the pause between off and on in a power cycle, in milliseconds.</summary>
    public int PowerCycleOffMs { get; set; } = 5000;
}
