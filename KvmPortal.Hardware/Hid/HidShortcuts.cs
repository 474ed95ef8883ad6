using System.Collections.Frozen;

namespace KvmPortal.Hardware.Hid;

/// <summary>The catalogue of named shortcuts offered by the API and console, and the sender that presses them.</summary>
public static class HidShortcuts
{
    /// <summary>The gap between key events of a shortcut (as PiKVM: 50 ms).</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(50);

    private static readonly HidShortcut[] Catalogue =
    [
        new("CtrlAltDel", ["ControlLeft", "AltLeft", "Delete"]),
        new("CtrlAltBackspace", ["ControlLeft", "AltLeft", "Backspace"]),
        new("CtrlShiftEsc", ["ControlLeft", "ShiftLeft", "Escape"]),
        new("AltTab", ["AltLeft", "Tab"]),
        new("AltF4", ["AltLeft", "F4"]),
        new("Win", ["MetaLeft"]),
        new("WinL", ["MetaLeft", "KeyL"]),
        new("WinR", ["MetaLeft", "KeyR"]),
        new("PrintScreen", ["PrintScreen"]),
        new("AltPrintScreen", ["AltLeft", "PrintScreen"]),
        new("CtrlAltF1", ["ControlLeft", "AltLeft", "F1"]),
        new("CtrlAltF2", ["ControlLeft", "AltLeft", "F2"]),
        new("CtrlAltF7", ["ControlLeft", "AltLeft", "F7"]),
        .. "REISUBOCHKMTW".Select(c => new HidShortcut($"SysRq+{c}", ["AltLeft", "PrintScreen", $"Key{c}"])),
    ];

    private static readonly FrozenDictionary<string, HidShortcut> ByName =
        Catalogue.ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets every shortcut.</summary>
    public static IReadOnlyList<HidShortcut> All => Catalogue;

    /// <summary>Finds a shortcut by name (case-insensitive).</summary>
    public static bool TryGet(string name, out HidShortcut shortcut) => ByName.TryGetValue(name, out shortcut!);

    /// <summary>Presses the keys in order and releases them in reverse, <see cref="Gap"/> apart; keys are released even when cancelled.</summary>
    public static async Task SendAsync(IHidOutput output, HidShortcut shortcut, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shortcut);
        var pressed = new List<string>();
        try
        {
            foreach (var key in shortcut.Keys)
            {
                if (!output.SendKey(key, true))
                {
                    throw new ArgumentException($"Unknown key '{key}' in shortcut '{shortcut.Name}'.", nameof(shortcut));
                }

                pressed.Add(key);
                await Task.Delay(Gap, time, cancellationToken);
            }
        }
        finally
        {
            for (var i = pressed.Count - 1; i >= 0; i--)
            {
                output.SendKey(pressed[i], false);
                if (i > 0 && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(Gap, time, CancellationToken.None);
                }
            }
        }
    }
}
