namespace KvmPortal.Hardware.Hid;

/// <summary>Writers for the absolute and relative mouse reports described by <see cref="HidDescriptors"/>.</summary>
public static class MouseReports
{
    /// <summary>The largest absolute coordinate.</summary>
    public const int AbsoluteMax = 32767;

    /// <summary>Writes <c>[buttons][x u16 LE][y u16 LE][wheel s8][pan s8]</c>; coordinates are clamped to 0..32767, wheels to −127..127.</summary>
    public static void WriteAbsolute(Span<byte> report, MouseButtons buttons, int x, int y, int wheel, int pan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(report.Length, HidDescriptors.AbsoluteMouseReportLength, nameof(report));
        x = Math.Clamp(x, 0, AbsoluteMax);
        y = Math.Clamp(y, 0, AbsoluteMax);
        report[0] = (byte)buttons;
        report[1] = (byte)x;
        report[2] = (byte)(x >> 8);
        report[3] = (byte)y;
        report[4] = (byte)(y >> 8);
        report[5] = ClampDelta(wheel);
        report[6] = ClampDelta(pan);
    }

    /// <summary>Writes <c>[buttons][dx][dy][wheel][pan]</c>, every delta clamped to −127..127.</summary>
    public static void WriteRelative(Span<byte> report, MouseButtons buttons, int dx, int dy, int wheel, int pan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(report.Length, HidDescriptors.RelativeMouseReportLength, nameof(report));
        report[0] = (byte)buttons;
        report[1] = ClampDelta(dx);
        report[2] = ClampDelta(dy);
        report[3] = ClampDelta(wheel);
        report[4] = ClampDelta(pan);
    }

    /// <summary>Maps PiKVM's API range −32768..32767 onto the descriptor's 0..32767.</summary>
    public static int FromSignedRange(int value) => (Math.Clamp(value, short.MinValue, short.MaxValue) + 32768) / 2;

    /// <summary>
    /// Splits a relative movement into steps that each fit −127..127 (a large delta becomes several reports instead of being cut off).
    /// </summary>
    public static IEnumerable<(int Dx, int Dy)> Squash(int dx, int dy)
    {
        var steps = Math.Max(1, (Math.Max(Math.Abs(dx), Math.Abs(dy)) + 126) / 127);
        int doneX = 0, doneY = 0;
        for (var i = 1; i <= steps; i++)
        {
            var tx = (int)((long)dx * i / steps);
            var ty = (int)((long)dy * i / steps);
            yield return (tx - doneX, ty - doneY);
            doneX = tx;
            doneY = ty;
        }
    }

    /// <summary>Clamps a delta to −127..127 and returns it as the report's two's-complement byte.</summary>
    public static byte ClampDelta(int value) => unchecked((byte)(sbyte)Math.Clamp(value, -127, 127));
}
