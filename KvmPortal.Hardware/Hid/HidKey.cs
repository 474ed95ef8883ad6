namespace KvmPortal.Hardware.Hid;

/// <summary>One key: its browser <c>KeyboardEvent.code</c>, USB HID usage (page 0x07) and PiKVM MCU code (0 = not on the serial protocol).</summary>
/// <param name="Code">The <c>KeyboardEvent.code</c> name, for example <c>KeyA</c>.</param>
/// <param name="Usage">The USB usage on the keyboard page; 0xE0..0xE7 are the modifiers.</param>
/// <param name="McuCode">The PiKVM serial-protocol key code (1..126), or 0 when that protocol has no code for the key.</param>
public readonly record struct HidKey(string Code, byte Usage, byte McuCode)
{
    /// <summary>Gets a value indicating whether the key is a modifier (sent as a bit, not in the key array).</summary>
    public bool IsModifier => Usage is >= 0xE0 and <= 0xE7;

    /// <summary>Gets the modifier bit (0 for an ordinary key).</summary>
    public byte ModifierBit => IsModifier ? (byte)(1 << (Usage - 0xE0)) : (byte)0;
}
