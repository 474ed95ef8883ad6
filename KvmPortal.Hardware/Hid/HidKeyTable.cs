using System.Collections.Frozen;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// Browser <c>KeyboardEvent.code</c> → USB HID usage (keyboard page 0x07) and PiKVM MCU code.
/// Covers the US 104-key set, the ISO key (IntlBackslash), the JIS keys (IntlRo, IntlYen, KanaMode, Convert, NonConvert, Lang1, Lang2),
/// F13–F24 and the media keys that exist on the keyboard page (mute, volume, power and the editing keys).
/// Consumer-page keys (MediaPlayPause, MediaTrackNext/Previous, MediaStop, Browser*, Launch*) cannot be carried by a boot keyboard
/// (its key array only holds keyboard-page usages) and are deliberately absent: <see cref="TryGet"/> returns false for them.
/// </summary>
public static class HidKeyTable
{
    // code, usage, mcu. MCU codes follow PiKVM's serial protocol numbering (1..126); 0 = the MCU firmware has no such key.
    private static readonly (string Code, byte Usage, byte Mcu)[] Rows =
    [
        ("KeyA", 0x04, 1), ("KeyB", 0x05, 2), ("KeyC", 0x06, 3), ("KeyD", 0x07, 4), ("KeyE", 0x08, 5), ("KeyF", 0x09, 6),
        ("KeyG", 0x0A, 7), ("KeyH", 0x0B, 8), ("KeyI", 0x0C, 9), ("KeyJ", 0x0D, 10), ("KeyK", 0x0E, 11), ("KeyL", 0x0F, 12),
        ("KeyM", 0x10, 13), ("KeyN", 0x11, 14), ("KeyO", 0x12, 15), ("KeyP", 0x13, 16), ("KeyQ", 0x14, 17), ("KeyR", 0x15, 18),
        ("KeyS", 0x16, 19), ("KeyT", 0x17, 20), ("KeyU", 0x18, 21), ("KeyV", 0x19, 22), ("KeyW", 0x1A, 23), ("KeyX", 0x1B, 24),
        ("KeyY", 0x1C, 25), ("KeyZ", 0x1D, 26),
        ("Digit1", 0x1E, 27), ("Digit2", 0x1F, 28), ("Digit3", 0x20, 29), ("Digit4", 0x21, 30), ("Digit5", 0x22, 31),
        ("Digit6", 0x23, 32), ("Digit7", 0x24, 33), ("Digit8", 0x25, 34), ("Digit9", 0x26, 35), ("Digit0", 0x27, 36),
        ("Enter", 0x28, 37), ("Escape", 0x29, 38), ("Backspace", 0x2A, 39), ("Tab", 0x2B, 40), ("Space", 0x2C, 41),
        ("Minus", 0x2D, 42), ("Equal", 0x2E, 43), ("BracketLeft", 0x2F, 44), ("BracketRight", 0x30, 45), ("Backslash", 0x31, 46),
        ("Semicolon", 0x33, 47), ("Quote", 0x34, 48), ("Backquote", 0x35, 49), ("Comma", 0x36, 50), ("Period", 0x37, 51),
        ("Slash", 0x38, 52), ("CapsLock", 0x39, 53),
        ("F1", 0x3A, 54), ("F2", 0x3B, 55), ("F3", 0x3C, 56), ("F4", 0x3D, 57), ("F5", 0x3E, 58), ("F6", 0x3F, 59),
        ("F7", 0x40, 60), ("F8", 0x41, 61), ("F9", 0x42, 62), ("F10", 0x43, 63), ("F11", 0x44, 64), ("F12", 0x45, 65),
        ("PrintScreen", 0x46, 66), ("Insert", 0x49, 67), ("Home", 0x4A, 68), ("PageUp", 0x4B, 69), ("Delete", 0x4C, 70),
        ("End", 0x4D, 71), ("PageDown", 0x4E, 72), ("ArrowRight", 0x4F, 73), ("ArrowLeft", 0x50, 74), ("ArrowDown", 0x51, 75),
        ("ArrowUp", 0x52, 76),
        ("ControlLeft", 0xE0, 77), ("ShiftLeft", 0xE1, 78), ("AltLeft", 0xE2, 79), ("MetaLeft", 0xE3, 80),
        ("ControlRight", 0xE4, 81), ("ShiftRight", 0xE5, 82), ("AltRight", 0xE6, 83), ("MetaRight", 0xE7, 84),
        ("Pause", 0x48, 85), ("ScrollLock", 0x47, 86), ("NumLock", 0x53, 87), ("ContextMenu", 0x65, 88),
        ("NumpadDivide", 0x54, 89), ("NumpadMultiply", 0x55, 90), ("NumpadSubtract", 0x56, 91), ("NumpadAdd", 0x57, 92),
        ("NumpadEnter", 0x58, 93), ("Numpad1", 0x59, 94), ("Numpad2", 0x5A, 95), ("Numpad3", 0x5B, 96), ("Numpad4", 0x5C, 97),
        ("Numpad5", 0x5D, 98), ("Numpad6", 0x5E, 99), ("Numpad7", 0x5F, 100), ("Numpad8", 0x60, 101), ("Numpad9", 0x61, 102),
        ("Numpad0", 0x62, 103), ("NumpadDecimal", 0x63, 104), ("NumpadEqual", 0x67, 0), ("NumpadComma", 0x85, 0),
        ("Power", 0x66, 105), ("IntlBackslash", 0x64, 106), ("IntlYen", 0x89, 107), ("IntlRo", 0x87, 108),
        ("KanaMode", 0x88, 109), ("Convert", 0x8A, 110), ("NonConvert", 0x8B, 111), ("Lang1", 0x90, 0), ("Lang2", 0x91, 0),
        ("AudioVolumeMute", 0x7F, 112), ("AudioVolumeUp", 0x80, 113), ("AudioVolumeDown", 0x81, 114),
        ("F13", 0x68, 120), ("F14", 0x69, 121), ("F15", 0x6A, 122), ("F16", 0x6B, 123), ("F17", 0x6C, 124), ("F18", 0x6D, 125),
        ("F19", 0x6E, 126), ("F20", 0x6F, 115), ("F21", 0x70, 116), ("F22", 0x71, 117), ("F23", 0x72, 118), ("F24", 0x73, 119),
        ("Help", 0x75, 0), ("Select", 0x77, 0), ("Again", 0x79, 0), ("Undo", 0x7A, 0), ("Cut", 0x7B, 0), ("Copy", 0x7C, 0),
        ("Paste", 0x7D, 0), ("Find", 0x7E, 0), ("Props", 0xA3, 0),
    ];

    private static readonly FrozenDictionary<string, HidKey> ByCode =
        Rows.ToFrozenDictionary(r => r.Code, r => new HidKey(r.Code, r.Usage, r.Mcu), StringComparer.Ordinal);

    /// <summary>Gets every known key.</summary>
    public static IReadOnlyCollection<HidKey> All => ByCode.Values;

    /// <summary>Looks a <c>KeyboardEvent.code</c> up (case-sensitive, as browsers send it).</summary>
    public static bool TryGet(string code, out HidKey key) => ByCode.TryGetValue(code, out key);

    /// <summary>Returns the key for a code or throws <see cref="ArgumentException"/> naming the unknown code.</summary>
    public static HidKey Get(string code) =>
        TryGet(code, out var key) ? key : throw new ArgumentException($"Unknown key code '{code}'.", nameof(code));
}
