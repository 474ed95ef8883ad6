using System.Collections.Frozen;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// Browser <c>KeyboardEvent.code</c> → QEMU QKeyCode ("qcode") name for QMP <c>input-send-event</c>.
/// Covers <see cref="Hid.HidKeyTable"/>'s keys that QEMU 7.2 knows plus the consumer keys QEMU can send (media and browser keys).
/// F13–F24 and "Select" have no qcode in QEMU 7.2 and are absent.
/// </summary>
public static class QemuKeyMap
{
    private static readonly FrozenDictionary<string, string> ByCode = Build().ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets every mapping.</summary>
    public static IReadOnlyDictionary<string, string> All => ByCode;

    /// <summary>Looks a code up.</summary>
    /// <returns>True when QEMU has a qcode for it.</returns>
    public static bool TryGetQcode(string code, out string qcode) => ByCode.TryGetValue(code, out qcode!);

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 'A'; c <= 'Z'; c++)
        {
            map["Key" + c] = char.ToLowerInvariant(c).ToString();
        }

        for (var d = 0; d <= 9; d++)
        {
            var digit = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            map["Digit" + digit] = digit;
            map["Numpad" + digit] = "kp_" + digit;
        }

        for (var f = 1; f <= 12; f++)
        {
            map["F" + f.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        string[] pairs =
        [
            "Enter", "ret", "Escape", "esc", "Backspace", "backspace", "Tab", "tab", "Space", "spc",
            "Minus", "minus", "Equal", "equal", "BracketLeft", "bracket_left", "BracketRight", "bracket_right", "Backslash", "backslash",
            "Semicolon", "semicolon", "Quote", "apostrophe", "Backquote", "grave_accent", "Comma", "comma", "Period", "dot", "Slash", "slash",
            "CapsLock", "caps_lock", "PrintScreen", "print", "Insert", "insert", "Home", "home", "PageUp", "pgup", "Delete", "delete",
            "End", "end", "PageDown", "pgdn", "ArrowRight", "right", "ArrowLeft", "left", "ArrowDown", "down", "ArrowUp", "up",
            "ControlLeft", "ctrl", "ShiftLeft", "shift", "AltLeft", "alt", "MetaLeft", "meta_l",
            "ControlRight", "ctrl_r", "ShiftRight", "shift_r", "AltRight", "alt_r", "MetaRight", "meta_r",
            "Pause", "pause", "ScrollLock", "scroll_lock", "NumLock", "num_lock", "ContextMenu", "compose",
            "NumpadDivide", "kp_divide", "NumpadMultiply", "kp_multiply", "NumpadSubtract", "kp_subtract", "NumpadAdd", "kp_add",
            "NumpadEnter", "kp_enter", "NumpadDecimal", "kp_decimal", "NumpadEqual", "kp_equals", "NumpadComma", "kp_comma",
            "Power", "power", "IntlBackslash", "less", "IntlYen", "yen", "IntlRo", "ro", "KanaMode", "katakanahiragana",
            "Convert", "henkan", "NonConvert", "muhenkan", "Lang1", "lang1", "Lang2", "lang2",
            "AudioVolumeMute", "audiomute", "AudioVolumeUp", "volumeup", "AudioVolumeDown", "volumedown",
            "Help", "help", "Again", "again", "Undo", "undo", "Cut", "cut", "Copy", "copy", "Paste", "paste", "Find", "find", "Props", "props",
            "MediaPlayPause", "audioplay", "MediaStop", "audiostop", "MediaTrackNext", "audionext", "MediaTrackPrevious", "audioprev",
            "BrowserHome", "ac_home", "BrowserBack", "ac_back", "BrowserForward", "ac_forward", "BrowserRefresh", "ac_refresh",
            "BrowserFavorites", "ac_bookmarks", "LaunchMail", "mail", "LaunchApp1", "computer", "LaunchApp2", "calculator",
            "Sleep", "sleep", "WakeUp", "wake",
        ];
        for (var i = 0; i < pairs.Length; i += 2)
        {
            map[pairs[i]] = pairs[i + 1];
        }

        return map;
    }
}
