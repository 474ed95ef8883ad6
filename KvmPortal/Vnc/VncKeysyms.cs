using System.Collections.Frozen;
using System.Text;

namespace KvmPortal.Vnc;

/// <summary>X11 keysyms (as RFB KeyEvents carry them) to keys: function keys by a table, characters through the target's layout.</summary>
internal static class VncKeysyms
{
    private static readonly FrozenDictionary<uint, string> Functions = new Dictionary<uint, string>
    {
        [0xFF08] = "Backspace", [0xFF09] = "Tab", [0xFF0D] = "Enter", [0xFF13] = "Pause", [0xFF14] = "ScrollLock", [0xFF15] = "PrintScreen",
        [0xFF1B] = "Escape", [0xFF50] = "Home", [0xFF51] = "ArrowLeft", [0xFF52] = "ArrowUp", [0xFF53] = "ArrowRight", [0xFF54] = "ArrowDown",
        [0xFF55] = "PageUp", [0xFF56] = "PageDown", [0xFF57] = "End", [0xFF61] = "PrintScreen", [0xFF63] = "Insert", [0xFF67] = "ContextMenu",
        [0xFF6B] = "Pause", [0xFF7F] = "NumLock", [0xFFFF] = "Delete", [0xFE20] = "Tab",
        [0xFF8D] = "NumpadEnter", [0xFFAA] = "NumpadMultiply", [0xFFAB] = "NumpadAdd", [0xFFAC] = "NumpadComma", [0xFFAD] = "NumpadSubtract",
        [0xFFAE] = "NumpadDecimal", [0xFFAF] = "NumpadDivide", [0xFFBD] = "NumpadEqual",
        [0xFF95] = "Numpad7", [0xFF96] = "Numpad4", [0xFF97] = "Numpad8", [0xFF98] = "Numpad6", [0xFF99] = "Numpad2", [0xFF9A] = "Numpad9",
        [0xFF9B] = "Numpad3", [0xFF9C] = "Numpad1", [0xFF9D] = "Numpad5", [0xFF9E] = "Numpad0", [0xFF9F] = "NumpadDecimal",
        [0xFFE1] = "ShiftLeft", [0xFFE2] = "ShiftRight", [0xFFE3] = "ControlLeft", [0xFFE4] = "ControlRight", [0xFFE5] = "CapsLock",
        [0xFFE7] = "MetaLeft", [0xFFE8] = "MetaRight", [0xFFE9] = "AltLeft", [0xFFEA] = "AltRight", [0xFFEB] = "MetaLeft", [0xFFEC] = "MetaRight",
        [0xFE03] = "AltRight", [0xFF7E] = "AltRight",
        [0x1008FF12] = "AudioVolumeMute", [0x1008FF11] = "AudioVolumeDown", [0x1008FF13] = "AudioVolumeUp",
    }.Concat(Enumerable.Range(0, 10).Select(i => KeyValuePair.Create((uint)(0xFFB0 + i), "Numpad" + i)))
     .Concat(Enumerable.Range(0, 24).Select(i => KeyValuePair.Create((uint)(0xFFBE + i), "F" + (i + 1))))
     .ToFrozenDictionary();

    /// <summary>Finds a non-character key (modifiers, arrows, F-keys, keypad).</summary>
    public static bool TryGetFunctionKey(uint keysym, out string code) => Functions.TryGetValue(keysym, out code!);

    /// <summary>Gets the character a keysym stands for (Latin-1 keysyms are their code point; 0x01xxxxxx is Unicode), or null.</summary>
    public static Rune? ToRune(uint keysym)
    {
        if (keysym is >= 0x20 and <= 0x7E or >= 0xA0 and <= 0xFF)
        {
            return new Rune((int)keysym);
        }

        if ((keysym & 0xFF000000) == 0x01000000 && Rune.IsValid((int)(keysym & 0x00FFFFFF)))
        {
            return new Rune((int)(keysym & 0x00FFFFFF));
        }

        return null;
    }
}
