namespace KvmPortal.Hardware.Hid;

/// <summary>Keyboard LEDs as carried by the boot keyboard's output report.</summary>
[Flags]
public enum KeyboardLeds
{
    /// <summary>No LED lit.</summary>
    None = 0,

    /// <summary>Num Lock.</summary>
    NumLock = 0x01,

    /// <summary>Caps Lock.</summary>
    CapsLock = 0x02,

    /// <summary>Scroll Lock.</summary>
    ScrollLock = 0x04,
}
