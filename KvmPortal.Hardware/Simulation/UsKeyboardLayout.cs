namespace KvmPortal.Hardware.Simulation;

/// <summary>Decodes USB HID keyboard usages (page 0x07) into characters as a US-layout host would.</summary>
internal static class UsKeyboardLayout
{
    public const byte Enter = 0x28;
    public const byte Escape = 0x29;
    public const byte Backspace = 0x2A;
    public const byte Tab = 0x2B;
    public const byte CapsLock = 0x39;
    public const byte ScrollLock = 0x47;
    public const byte NumLock = 0x53;
    public const byte KeypadEnter = 0x58;

    public const byte ModifierCtrl = 0x01 | 0x10;
    public const byte ModifierShift = 0x02 | 0x20;
    public const byte ModifierAlt = 0x04 | 0x40;
    public const byte ModifierMeta = 0x08 | 0x80;

    // Usages 0x1E..0x38: digits and punctuation, unshifted and shifted.
    private const string Digits = "1234567890";
    private const string ShiftedDigits = "!@#$%^&*()";
    private const string Punctuation = "-=[]\\#;'`,./";
    private const string ShiftedPunctuation = "_+{}|~:\"~<>?";
    private const string Keypad = "/*-+";

    /// <summary>Returns the character a printable usage types, or null for keys that type nothing.</summary>
    public static char? ToChar(byte usage, bool shift, bool capsLock, bool numLock)
    {
        switch (usage)
        {
            case >= 0x04 and <= 0x1D:
                var letter = (char)('a' + (usage - 0x04));
                return shift ^ capsLock ? char.ToUpperInvariant(letter) : letter;
            case >= 0x1E and <= 0x27:
                return shift ? ShiftedDigits[usage - 0x1E] : Digits[usage - 0x1E];
            case 0x2C:
                return ' ';
            case >= 0x2D and <= 0x38:
                return shift ? ShiftedPunctuation[usage - 0x2D] : Punctuation[usage - 0x2D];
            case 0x64:
                // Non-US backslash (ISO key left of Z): a US host maps it like the backslash key.
                return shift ? '|' : '\\';
            case >= 0x54 and <= 0x57:
                return Keypad[usage - 0x54];
            case >= 0x59 and <= 0x61 when numLock:
                return (char)('1' + (usage - 0x59));
            case 0x62 when numLock:
                return '0';
            case 0x63 when numLock:
                return '.';
            default:
                return null;
        }
    }
}
