namespace KvmPortal.Hardware.Simulation;

/// <summary>The VGA text-mode colours the simulated console uses, as packed 0xRRGGBB.</summary>
internal static class ConsolePalette
{
    public const byte Black = 0;
    public const byte Gray = 7;
    public const byte LightBlue = 9;
    public const byte LightGreen = 10;
    public const byte LightCyan = 11;
    public const byte LightRed = 12;
    public const byte Yellow = 14;
    public const byte White = 15;

    private static readonly int[] Rgb =
    [
        0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
        0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
    ];

    public static int ToRgb(byte color) => Rgb[color & 0x0F];
}
