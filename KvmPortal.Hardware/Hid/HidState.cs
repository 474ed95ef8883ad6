namespace KvmPortal.Hardware.Hid;

/// <summary>A snapshot of the keyboard/mouse output's state.</summary>
/// <param name="Backend">The backend in use.</param>
/// <param name="Online">The backend's devices are open and answering (false for Disabled, or a missing /dev/hidgN or serial port).</param>
/// <param name="HostConnected">The target host has enumerated the device and accepts reports.</param>
/// <param name="Leds">The keyboard LEDs the host last set.</param>
public sealed record HidState(HidBackend Backend, bool Online, bool HostConnected, KeyboardLeds Leds)
{
    /// <summary>Gets the Caps Lock LED.</summary>
    public bool CapsLock => Leds.HasFlag(KeyboardLeds.CapsLock);

    /// <summary>Gets the Num Lock LED.</summary>
    public bool NumLock => Leds.HasFlag(KeyboardLeds.NumLock);

    /// <summary>Gets the Scroll Lock LED.</summary>
    public bool ScrollLock => Leds.HasFlag(KeyboardLeds.ScrollLock);
}
