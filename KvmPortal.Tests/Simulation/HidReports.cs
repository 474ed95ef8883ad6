namespace KvmPortal.Tests.Simulation;

/// <summary>Builds the boot-keyboard reports a US keyboard sends for text, for driving the simulated target in tests.</summary>
internal static class HidReports
{
    public const byte LeftShift = 0x02;
    public const byte LeftCtrl = 0x01;

    public static byte[] Keys(byte modifiers, params byte[] usages)
    {
        var report = new byte[8];
        report[0] = modifiers;
        usages.CopyTo(report, 2);
        return report;
    }

    public static byte[] Release() => new byte[8];

    /// <summary>Types US-layout text as press/release report pairs; returns every report in order.</summary>
    public static IEnumerable<byte[]> Type(string text)
    {
        foreach (var c in text)
        {
            var (usage, shift) = Usage(c);
            yield return Keys(shift ? LeftShift : (byte)0, usage);
            yield return Release();
        }
    }

    private static (byte Usage, bool Shift) Usage(char c)
    {
        const string Shifted = "!@#$%^&*()";
        return c switch
        {
            >= 'a' and <= 'z' => ((byte)(0x04 + (c - 'a')), false),
            >= 'A' and <= 'Z' => ((byte)(0x04 + (c - 'A')), true),
            >= '1' and <= '9' => ((byte)(0x1E + (c - '1')), false),
            '0' => (0x27, false),
            ' ' => (0x2C, false),
            ',' => (0x36, false),
            '.' => (0x37, false),
            '/' => (0x38, false),
            '?' => (0x38, true),
            '-' => (0x2D, false),
            '_' => (0x2D, true),
            ':' => (0x33, true),
            '"' => (0x34, true),
            '\n' => (0x28, false),
            _ when Shifted.Contains(c, StringComparison.Ordinal) => ((byte)(0x1E + Shifted.IndexOf(c, StringComparison.Ordinal)), true),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not in this test helper's table"),
        };
    }
}
