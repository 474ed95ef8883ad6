namespace KvmPortal.Hardware.Hid;

/// <summary>One key transition in a typing plan.</summary>
/// <param name="Code">The <c>KeyboardEvent.code</c>.</param>
/// <param name="Pressed">True for key down.</param>
public readonly record struct KeyEvent(string Code, bool Pressed);
