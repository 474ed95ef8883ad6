namespace KvmPortal.Hardware.Hid;

/// <summary>A parsed response of PiKVM's HID firmware.</summary>
/// <param name="Code">0x20 OK (legacy), 0x24 NONE (rebooted), 0x40 CRC error, 0x45 invalid command, 0x48 timeout, 0x80|flags PONG.</param>
/// <param name="Outputs1">First output-flags byte (8-byte responses only).</param>
/// <param name="Outputs2">Second output-flags byte (8-byte responses only).</param>
public readonly record struct McuResponse(byte Code, byte Outputs1, byte Outputs2)
{
    /// <summary>Gets a value indicating whether this is a PONG (state) answer.</summary>
    public bool IsPong => (Code & 0x80) != 0;

    /// <summary>Gets a value indicating whether the command was accepted (PONG, legacy OK, or NONE after a reboot).</summary>
    public bool IsOk => IsPong || Code is 0x20 or 0x24;

    /// <summary>Gets a value indicating whether the firmware saw a bad CRC (then the request is repeated).</summary>
    public bool IsCrcError => Code == 0x40;

    /// <summary>Gets the LEDs from a PONG (caps 0x01, scroll 0x02, num 0x04 on the wire).</summary>
    public KeyboardLeds Leds => !IsPong ? KeyboardLeds.None :
        ((Code & 0x01) != 0 ? KeyboardLeds.CapsLock : 0) | ((Code & 0x02) != 0 ? KeyboardLeds.ScrollLock : 0) |
        ((Code & 0x04) != 0 ? KeyboardLeds.NumLock : 0);

    /// <summary>Gets a value indicating whether the firmware reports its keyboard or mouse output offline (host not connected).</summary>
    public bool HostOffline => IsPong && (Code & 0x18) != 0;

    /// <summary>Gets a value indicating whether the firmware asks for a reset.</summary>
    public bool ResetRequired => IsPong && (Code & 0x40) != 0;
}
