namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>How one character is typed on a layout: the key (<c>KeyboardEvent.code</c>) and the modifiers held with it.</summary>
/// <param name="Code">The key.</param>
/// <param name="Shift">Shift held.</param>
/// <param name="AltGr">AltGr (right Alt) held.</param>
public readonly record struct KeyStroke(string Code, bool Shift, bool AltGr);
