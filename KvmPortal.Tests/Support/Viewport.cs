namespace KvmPortal.Tests.Support;

/// <summary>A browser window size in CSS pixels (issue 17 tests at 1600x900 and 390x844).</summary>
public readonly record struct Viewport(int Width, int Height)
{
    public bool IsPhone => Width < 600;

    public override string ToString() => $"{Width}x{Height}";
}
