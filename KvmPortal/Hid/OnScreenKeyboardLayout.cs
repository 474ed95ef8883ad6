using System.Text;
using KvmPortal.Hardware.Hid.Keymaps;

namespace KvmPortal.Hid;

/// <summary>A full PC keyboard for the on-screen keyboard: main block, navigation block and numpad, with each key's width in units.</summary>
public static class OnScreenKeyboardLayout
{
    /// <summary>The modifiers the on-screen keyboard latches (sticky) instead of pressing and releasing.</summary>
    public static readonly IReadOnlySet<string> Modifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "ControlLeft", "ControlRight", "ShiftLeft", "ShiftRight", "AltLeft", "AltRight", "MetaLeft", "MetaRight",
    };

    public static IReadOnlyList<IReadOnlyList<OnScreenKey>> Main { get; } =
    [
        Row(("Escape", 1.5), ("F1", 1), ("F2", 1), ("F3", 1), ("F4", 1), ("F5", 1), ("F6", 1), ("F7", 1), ("F8", 1), ("F9", 1), ("F10", 1), ("F11", 1), ("F12", 1)),
        Row(("Backquote", 1), ("Digit1", 1), ("Digit2", 1), ("Digit3", 1), ("Digit4", 1), ("Digit5", 1), ("Digit6", 1), ("Digit7", 1), ("Digit8", 1), ("Digit9", 1), ("Digit0", 1), ("Minus", 1), ("Equal", 1), ("Backspace", 2)),
        Row(("Tab", 1.5), ("KeyQ", 1), ("KeyW", 1), ("KeyE", 1), ("KeyR", 1), ("KeyT", 1), ("KeyY", 1), ("KeyU", 1), ("KeyI", 1), ("KeyO", 1), ("KeyP", 1), ("BracketLeft", 1), ("BracketRight", 1), ("Backslash", 1.5)),
        Row(("CapsLock", 1.75), ("KeyA", 1), ("KeyS", 1), ("KeyD", 1), ("KeyF", 1), ("KeyG", 1), ("KeyH", 1), ("KeyJ", 1), ("KeyK", 1), ("KeyL", 1), ("Semicolon", 1), ("Quote", 1), ("Enter", 2.25)),
        Row(("ShiftLeft", 2.25), ("KeyZ", 1), ("KeyX", 1), ("KeyC", 1), ("KeyV", 1), ("KeyB", 1), ("KeyN", 1), ("KeyM", 1), ("Comma", 1), ("Period", 1), ("Slash", 1), ("ShiftRight", 2.75)),
        Row(("ControlLeft", 1.5), ("MetaLeft", 1.25), ("AltLeft", 1.25), ("Space", 6.25), ("AltRight", 1.25), ("MetaRight", 1.25), ("ContextMenu", 1.25), ("ControlRight", 1.5)),
    ];

    public static IReadOnlyList<IReadOnlyList<OnScreenKey>> Navigation { get; } =
    [
        Row(("PrintScreen", 1), ("ScrollLock", 1), ("Pause", 1)),
        Row(("Insert", 1), ("Home", 1), ("PageUp", 1)),
        Row(("Delete", 1), ("End", 1), ("PageDown", 1)),
        Row(),
        Row(("", 1), ("ArrowUp", 1), ("", 1)),
        Row(("ArrowLeft", 1), ("ArrowDown", 1), ("ArrowRight", 1)),
    ];

    public static IReadOnlyList<IReadOnlyList<OnScreenKey>> Numpad { get; } =
    [
        Row(),
        Row(("NumLock", 1), ("NumpadDivide", 1), ("NumpadMultiply", 1), ("NumpadSubtract", 1)),
        Row(("Numpad7", 1), ("Numpad8", 1), ("Numpad9", 1), ("NumpadAdd", 1)),
        Row(("Numpad4", 1), ("Numpad5", 1), ("Numpad6", 1), ("NumpadEnter", 1)),
        Row(("Numpad1", 1), ("Numpad2", 1), ("Numpad3", 1), ("NumpadDecimal", 1)),
        Row(("Numpad0", 2), ("", 2)),
    ];

    // Short names, so keys stay readable on a phone.
    private static readonly Dictionary<string, string> Short = new(StringComparer.Ordinal)
    {
        ["Backspace"] = "⌫", ["CapsLock"] = "Caps", ["PrintScreen"] = "PrtSc", ["ScrollLock"] = "ScrLk", ["NumLock"] = "Num",
        ["NumpadDivide"] = "/", ["NumpadMultiply"] = "*", ["NumpadSubtract"] = "−", ["NumpadAdd"] = "+", ["NumpadEnter"] = "⏎",
        ["NumpadDecimal"] = ".", ["ContextMenu"] = "Menu", ["Enter"] = "Enter ⏎",
    };

    /// <summary>The label of a key in <paramref name="keymap"/>: the character its unshifted stroke types there, else a short name.</summary>
    public static string Label(string code, string keymap)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Labels(keymap).TryGetValue(code, out var label))
        {
            return label;
        }

        if (Short.TryGetValue(code, out var name))
        {
            return name;
        }

        return code.StartsWith("Numpad", StringComparison.Ordinal) ? code[6..] : KeyLabels.Key(code);
    }

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    private static IReadOnlyDictionary<string, string> Labels(string keymap)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(keymap, out var cached))
            {
                return cached;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (KeyboardLayouts.TryGet(keymap, out var layout))
            {
                foreach (var range in new[] { (0x21, 0x7E), (0xA1, 0xFF), (0x400, 0x45F) })
                {
                    for (var c = range.Item1; c <= range.Item2; c++)
                    {
                        if (layout.TryGetStroke(new Rune(c), out var stroke) && !stroke.Shift && !stroke.AltGr && !stroke.Code.StartsWith("Numpad", StringComparison.Ordinal))
                        {
                            labels.TryAdd(stroke.Code, char.ToUpperInvariant((char)c).ToString());
                        }
                    }
                }
            }

            Cache[keymap] = labels;
            return labels;
        }
    }

    private static IReadOnlyList<OnScreenKey> Row(params (string Code, double Width)[] keys) => [.. keys.Select(k => new OnScreenKey(k.Code, k.Width))];
}
