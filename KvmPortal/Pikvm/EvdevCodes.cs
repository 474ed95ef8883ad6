namespace KvmPortal.Pikvm;

/// <summary>
/// Linux evdev codes (linux/input-event-codes.h) for the 126 keys of kvmd's keymap and its five mouse buttons, keyed by code and naming
/// our web (KeyboardEvent.code) names. kvmd's binary <c>/api/ws</c> events carry these codes when the flag byte has bit 7 set (kvmd-vnc).
/// </summary>
public static class EvdevCodes
{
    private static readonly Dictionary<int, string> KeyNames = new()
    {
        [1] = "Escape", // KEY_ESC
        [2] = "Digit1", // KEY_1
        [3] = "Digit2", // KEY_2
        [4] = "Digit3", // KEY_3
        [5] = "Digit4", // KEY_4
        [6] = "Digit5", // KEY_5
        [7] = "Digit6", // KEY_6
        [8] = "Digit7", // KEY_7
        [9] = "Digit8", // KEY_8
        [10] = "Digit9", // KEY_9
        [11] = "Digit0", // KEY_0
        [12] = "Minus", // KEY_MINUS
        [13] = "Equal", // KEY_EQUAL
        [14] = "Backspace", // KEY_BACKSPACE
        [15] = "Tab", // KEY_TAB
        [16] = "KeyQ", // KEY_Q
        [17] = "KeyW", // KEY_W
        [18] = "KeyE", // KEY_E
        [19] = "KeyR", // KEY_R
        [20] = "KeyT", // KEY_T
        [21] = "KeyY", // KEY_Y
        [22] = "KeyU", // KEY_U
        [23] = "KeyI", // KEY_I
        [24] = "KeyO", // KEY_O
        [25] = "KeyP", // KEY_P
        [26] = "BracketLeft", // KEY_LEFTBRACE
        [27] = "BracketRight", // KEY_RIGHTBRACE
        [28] = "Enter", // KEY_ENTER
        [29] = "ControlLeft", // KEY_LEFTCTRL
        [30] = "KeyA", // KEY_A
        [31] = "KeyS", // KEY_S
        [32] = "KeyD", // KEY_D
        [33] = "KeyF", // KEY_F
        [34] = "KeyG", // KEY_G
        [35] = "KeyH", // KEY_H
        [36] = "KeyJ", // KEY_J
        [37] = "KeyK", // KEY_K
        [38] = "KeyL", // KEY_L
        [39] = "Semicolon", // KEY_SEMICOLON
        [40] = "Quote", // KEY_APOSTROPHE
        [41] = "Backquote", // KEY_GRAVE
        [42] = "ShiftLeft", // KEY_LEFTSHIFT
        [43] = "Backslash", // KEY_BACKSLASH
        [44] = "KeyZ", // KEY_Z
        [45] = "KeyX", // KEY_X
        [46] = "KeyC", // KEY_C
        [47] = "KeyV", // KEY_V
        [48] = "KeyB", // KEY_B
        [49] = "KeyN", // KEY_N
        [50] = "KeyM", // KEY_M
        [51] = "Comma", // KEY_COMMA
        [52] = "Period", // KEY_DOT
        [53] = "Slash", // KEY_SLASH
        [54] = "ShiftRight", // KEY_RIGHTSHIFT
        [55] = "NumpadMultiply", // KEY_KPASTERISK
        [56] = "AltLeft", // KEY_LEFTALT
        [57] = "Space", // KEY_SPACE
        [58] = "CapsLock", // KEY_CAPSLOCK
        [59] = "F1", // KEY_F1
        [60] = "F2", // KEY_F2
        [61] = "F3", // KEY_F3
        [62] = "F4", // KEY_F4
        [63] = "F5", // KEY_F5
        [64] = "F6", // KEY_F6
        [65] = "F7", // KEY_F7
        [66] = "F8", // KEY_F8
        [67] = "F9", // KEY_F9
        [68] = "F10", // KEY_F10
        [69] = "NumLock", // KEY_NUMLOCK
        [70] = "ScrollLock", // KEY_SCROLLLOCK
        [71] = "Numpad7", // KEY_KP7
        [72] = "Numpad8", // KEY_KP8
        [73] = "Numpad9", // KEY_KP9
        [74] = "NumpadSubtract", // KEY_KPMINUS
        [75] = "Numpad4", // KEY_KP4
        [76] = "Numpad5", // KEY_KP5
        [77] = "Numpad6", // KEY_KP6
        [78] = "NumpadAdd", // KEY_KPPLUS
        [79] = "Numpad1", // KEY_KP1
        [80] = "Numpad2", // KEY_KP2
        [81] = "Numpad3", // KEY_KP3
        [82] = "Numpad0", // KEY_KP0
        [83] = "NumpadDecimal", // KEY_KPDOT
        [86] = "IntlBackslash", // KEY_102ND
        [87] = "F11", // KEY_F11
        [88] = "F12", // KEY_F12
        [89] = "IntlRo", // KEY_RO
        [90] = "KanaMode", // KEY_KATAKANA
        [92] = "Convert", // KEY_HENKAN
        [94] = "NonConvert", // KEY_MUHENKAN
        [96] = "NumpadEnter", // KEY_KPENTER
        [97] = "ControlRight", // KEY_RIGHTCTRL
        [98] = "NumpadDivide", // KEY_KPSLASH
        [99] = "PrintScreen", // KEY_SYSRQ
        [100] = "AltRight", // KEY_RIGHTALT
        [102] = "Home", // KEY_HOME
        [103] = "ArrowUp", // KEY_UP
        [104] = "PageUp", // KEY_PAGEUP
        [105] = "ArrowLeft", // KEY_LEFT
        [106] = "ArrowRight", // KEY_RIGHT
        [107] = "End", // KEY_END
        [108] = "ArrowDown", // KEY_DOWN
        [109] = "PageDown", // KEY_PAGEDOWN
        [110] = "Insert", // KEY_INSERT
        [111] = "Delete", // KEY_DELETE
        [113] = "AudioVolumeMute", // KEY_MUTE
        [114] = "AudioVolumeDown", // KEY_VOLUMEDOWN
        [115] = "AudioVolumeUp", // KEY_VOLUMEUP
        [116] = "Power", // KEY_POWER
        [119] = "Pause", // KEY_PAUSE
        [124] = "IntlYen", // KEY_YEN
        [125] = "MetaLeft", // KEY_LEFTMETA
        [126] = "MetaRight", // KEY_RIGHTMETA
        [183] = "F13", // KEY_F13
        [184] = "F14", // KEY_F14
        [185] = "F15", // KEY_F15
        [186] = "F16", // KEY_F16
        [187] = "F17", // KEY_F17
        [188] = "F18", // KEY_F18
        [189] = "F19", // KEY_F19
        [190] = "F20", // KEY_F20
        [191] = "F21", // KEY_F21
        [192] = "F22", // KEY_F22
        [193] = "F23", // KEY_F23
        [194] = "F24", // KEY_F24
        [438] = "ContextMenu", // KEY_CONTEXT_MENU
    };

    private static readonly Dictionary<int, string> ButtonNames = new()
    {
        [0x110] = "left", // BTN_LEFT
        [0x111] = "right", // BTN_RIGHT
        [0x112] = "middle", // BTN_MIDDLE
        [0x116] = "up", // BTN_BACK (kvmd's "up")
        [0x115] = "down", // BTN_FORWARD (kvmd's "down")
    };

    /// <summary>The web key name of evdev key <paramref name="code"/>, or null when kvmd's keymap has no such key.</summary>
    public static string? KeyName(int code) => KeyNames.GetValueOrDefault(code);

    /// <summary>The PiKVM mouse button name of evdev button <paramref name="code"/>, or null.</summary>
    public static string? ButtonName(int code) => ButtonNames.GetValueOrDefault(code);

    /// <summary>Every key code in the table.</summary>
    public static IReadOnlyCollection<int> KeyCodes => KeyNames.Keys;
}
