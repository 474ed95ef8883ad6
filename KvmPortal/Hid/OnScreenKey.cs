namespace KvmPortal.Hid;

/// <summary>One key of the on-screen keyboard (an empty code is a gap) and its width in key units.</summary>
public sealed record OnScreenKey(string Code, double Width);
