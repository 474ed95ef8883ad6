using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hid;

/// <summary>Plain names for keys and shortcuts as a person reads them ("Ctrl+Alt+Del", not "CtrlAltDel").</summary>
public static class KeyLabels
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["ControlLeft"] = "Ctrl", ["ControlRight"] = "Ctrl", ["AltLeft"] = "Alt", ["AltRight"] = "AltGr",
        ["ShiftLeft"] = "Shift", ["ShiftRight"] = "Shift", ["MetaLeft"] = "Win", ["MetaRight"] = "Win",
        ["Delete"] = "Del", ["Escape"] = "Esc", ["PrintScreen"] = "PrtSc/SysRq", ["Backspace"] = "Backspace",
        ["Tab"] = "Tab", ["Enter"] = "Enter", ["Space"] = "Space", ["Insert"] = "Ins", ["PageUp"] = "PgUp", ["PageDown"] = "PgDn",
        ["ArrowUp"] = "↑", ["ArrowDown"] = "↓", ["ArrowLeft"] = "←", ["ArrowRight"] = "→", ["CapsLock"] = "Caps Lock",
        ["NumLock"] = "Num Lock", ["ScrollLock"] = "Scroll Lock", ["Pause"] = "Pause", ["ContextMenu"] = "Menu",
    };

    /// <summary>The label of one key code: "KeyA" → "A", "Digit1" → "1", "F4" → "F4", "ControlLeft" → "Ctrl".</summary>
    public static string Key(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Names.TryGetValue(code, out var name))
        {
            return name;
        }

        if (code.StartsWith("Key", StringComparison.Ordinal) && code.Length == 4)
        {
            return code[3..];
        }

        if (code.StartsWith("Digit", StringComparison.Ordinal))
        {
            return code[5..];
        }

        return code.StartsWith("Numpad", StringComparison.Ordinal) ? "Num " + code[6..] : code;
    }

    /// <summary>The label of a shortcut: its keys joined with "+".</summary>
    public static string Shortcut(HidShortcut shortcut)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        return string.Join("+", shortcut.Keys.Select(Key));
    }
}
