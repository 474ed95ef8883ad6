using KvmPortal.Hardware.Hid.Keymaps;
using KvmPortal.Hid;

namespace KvmPortal.Vnc;

/// <summary>
/// A session's keyboard: QEMU extended key events (positional scan codes, any client layout) go straight to the key; plain KeyEvents
/// (keysyms) become keys through the target's layout, adding or lifting Shift / AltGr around the key when the character needs it.
/// Releases match presses by keysym, so a key is released even if the modifiers changed in between.
/// </summary>
internal sealed class VncKeyboard(InputClient input, KeyboardLayout layout)
{
    private readonly Dictionary<uint, string> _byKeysym = [];
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public void Scancode(uint keycode, uint keysym, bool down)
    {
        if (!VncScancodes.TryGetCode(keycode, out var code))
        {
            Key(keysym, down);
            return;
        }

        Send(code, down);
    }

    public void Key(uint keysym, bool down)
    {
        if (!down)
        {
            if (_byKeysym.Remove(keysym, out var pressed))
            {
                Send(pressed, false);
            }

            return;
        }

        if (VncKeysyms.TryGetFunctionKey(keysym, out var code))
        {
            _byKeysym[keysym] = code;
            Send(code, true);
            return;
        }

        if (VncKeysyms.ToRune(keysym) is not { } rune || !layout.TryGetStroke(rune, out var stroke))
        {
            return; // a character the target's layout cannot type
        }

        _byKeysym[keysym] = stroke.Code;
        var shiftHeld = _held.Where(c => c is "ShiftLeft" or "ShiftRight").ToList();
        var pressShift = stroke.Shift && shiftHeld.Count == 0;
        var liftShift = !stroke.Shift && shiftHeld.Count > 0 && !_held.Any(c => c.StartsWith("Control", StringComparison.Ordinal) || c.StartsWith("Alt", StringComparison.Ordinal) || c.StartsWith("Meta", StringComparison.Ordinal));
        var pressAltGr = stroke.AltGr && !_held.Contains("AltRight");
        if (liftShift)
        {
            shiftHeld.ForEach(c => input.SendKey(c, false));
        }

        if (pressShift)
        {
            input.SendKey("ShiftLeft", true);
        }

        if (pressAltGr)
        {
            input.SendKey("AltRight", true);
        }

        input.SendKey(stroke.Code, true);
        if (pressAltGr)
        {
            input.SendKey("AltRight", false);
        }

        if (pressShift)
        {
            input.SendKey("ShiftLeft", false);
        }

        if (liftShift)
        {
            shiftHeld.ForEach(c => input.SendKey(c, true));
        }
    }

    private void Send(string code, bool down)
    {
        _ = down ? _held.Add(code) : _held.Remove(code);
        input.SendKey(code, down);
    }
}
