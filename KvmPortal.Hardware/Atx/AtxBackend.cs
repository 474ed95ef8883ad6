namespace KvmPortal.Hardware.Atx;

/// <summary>Which ATX implementation runs.</summary>
public enum AtxBackend
{
    /// <summary>No ATX control: state says disabled, every action fails.</summary>
    Disabled,

    /// <summary>Buttons and LEDs of the simulated target server.</summary>
    Simulated,

    /// <summary>Buttons and LEDs wired to GPIO lines (System.Device.Gpio: libgpiod or sysfs).</summary>
    Gpio,
}
