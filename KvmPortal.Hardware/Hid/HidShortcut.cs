namespace KvmPortal.Hardware.Hid;

/// <summary>A named key combination: keys are pressed in order and released in reverse.</summary>
/// <param name="Name">The catalogue name, for example <c>CtrlAltDel</c>.</param>
/// <param name="Keys">The <c>KeyboardEvent.code</c> names.</param>
public sealed record HidShortcut(string Name, IReadOnlyList<string> Keys);
