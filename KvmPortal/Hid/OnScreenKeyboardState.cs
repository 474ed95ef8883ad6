using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hid;

/// <summary>
/// The on-screen keyboard's sticky modifiers: a modifier tap latches it (pressed on the target, shown lit); the next ordinary key is
/// pressed and released with it, then every latched modifier is released. Tapping a latched modifier releases it.
/// </summary>
public sealed class OnScreenKeyboardState
{
    private readonly List<string> _latched = [];

    public IReadOnlyList<string> Latched => _latched;

    public bool IsLatched(string code) => _latched.Contains(code);

    /// <summary>Sends a tap of <paramref name="code"/> through <paramref name="output"/>; returns false when the gate refused it.</summary>
    public bool Tap(IHidOutput output, string code)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (OnScreenKeyboardLayout.Modifiers.Contains(code))
        {
            if (_latched.Remove(code))
            {
                return output.SendKey(code, false);
            }

            if (!output.SendKey(code, true))
            {
                return false;
            }

            _latched.Add(code);
            return true;
        }

        var sent = output.SendKey(code, true);
        output.SendKey(code, false);
        ReleaseLatched(output);
        return sent;
    }

    public void ReleaseLatched(IHidOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var code in _latched)
        {
            output.SendKey(code, false);
        }

        _latched.Clear();
    }
}
