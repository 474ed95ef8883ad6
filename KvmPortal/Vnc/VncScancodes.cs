using System.Collections.Frozen;

namespace KvmPortal.Vnc;

/// <summary>
/// QEMU Extended Key Event key codes (PC "XT" set-1 make codes; a key sent with the 0xE0 prefix has the high bit set, QEMU's "qnum")
/// to <c>KeyboardEvent.code</c> names, which the HID layer maps to USB usages. Positional: the client's layout does not matter.
/// </summary>
internal static class VncScancodes
{
    private static readonly string[] Plain =
    [
        "", "Escape", "Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7", "Digit8", "Digit9", "Digit0", "Minus", "Equal",
        "Backspace", "Tab", "KeyQ", "KeyW", "KeyE", "KeyR", "KeyT", "KeyY", "KeyU", "KeyI", "KeyO", "KeyP", "BracketLeft", "BracketRight",
        "Enter", "ControlLeft", "KeyA", "KeyS", "KeyD", "KeyF", "KeyG", "KeyH", "KeyJ", "KeyK", "KeyL", "Semicolon", "Quote", "Backquote",
        "ShiftLeft", "Backslash", "KeyZ", "KeyX", "KeyC", "KeyV", "KeyB", "KeyN", "KeyM", "Comma", "Period", "Slash", "ShiftRight",
        "NumpadMultiply", "AltLeft", "Space", "CapsLock", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "NumLock",
        "ScrollLock", "Numpad7", "Numpad8", "Numpad9", "NumpadSubtract", "Numpad4", "Numpad5", "Numpad6", "NumpadAdd", "Numpad1",
        "Numpad2", "Numpad3", "Numpad0", "NumpadDecimal", "PrintScreen", "", "IntlBackslash", "F11", "F12", "NumpadEqual",
    ];

    private static readonly FrozenDictionary<uint, string> Other = new Dictionary<uint, string>
    {
        [0x64] = "F13", [0x65] = "F14", [0x66] = "F15", [0x67] = "F16", [0x68] = "F17", [0x69] = "F18", [0x6A] = "F19", [0x6B] = "F20",
        [0x6C] = "F21", [0x6D] = "F22", [0x6E] = "F23", [0x76] = "F24", [0x70] = "KanaMode", [0x73] = "IntlRo", [0x79] = "Convert",
        [0x7B] = "NonConvert", [0x7D] = "IntlYen", [0x7E] = "NumpadComma",
        [0x9C] = "NumpadEnter", [0x9D] = "ControlRight", [0xA0] = "AudioVolumeMute", [0xAE] = "AudioVolumeDown", [0xB0] = "AudioVolumeUp",
        [0xB5] = "NumpadDivide", [0xB7] = "PrintScreen", [0xB8] = "AltRight", [0xC6] = "Pause", [0xC7] = "Home", [0xC8] = "ArrowUp",
        [0xC9] = "PageUp", [0xCB] = "ArrowLeft", [0xCD] = "ArrowRight", [0xCF] = "End", [0xD0] = "ArrowDown", [0xD1] = "PageDown",
        [0xD2] = "Insert", [0xD3] = "Delete", [0xDB] = "MetaLeft", [0xDC] = "MetaRight", [0xDD] = "ContextMenu", [0xDE] = "Power",
        [0xF1] = "Lang2", [0xF2] = "Lang1",
    }.ToFrozenDictionary();

    /// <summary>Finds the key of a scan code (also accepts the 0xE0nn spelling of prefixed keys); false for 0 and unknown codes.</summary>
    public static bool TryGetCode(uint keycode, out string code)
    {
        if ((keycode & 0xFF00) == 0xE000)
        {
            keycode = 0x80 | (keycode & 0x7F);
        }

        code = keycode < (uint)Plain.Length ? Plain[keycode] : Other.GetValueOrDefault(keycode, "");
        return code.Length > 0;
    }
}
