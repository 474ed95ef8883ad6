namespace KvmPortal.Hardware.Simulation;

/// <summary>The simulated target's display: the text console scaled to the screen, a cursor, and an arrow pointer.</summary>
public sealed partial class SimulatedTarget
{
    // The arrow pointer: 'B' black outline, 'W' white fill, ' ' transparent. Its tip is the hot spot.
    private static readonly string[] Arrow =
    [
        "B           ",
        "BB          ",
        "BWB         ",
        "BWWB        ",
        "BWWWB       ",
        "BWWWWB      ",
        "BWWWWWB     ",
        "BWWWWWWB    ",
        "BWWWWWWWB   ",
        "BWWWWWWWWB  ",
        "BWWWWWBBBBB ",
        "BWWBWWB     ",
        "BWB BWWB    ",
        "BB  BWWB    ",
        "B    BWWB   ",
        "     BWWB   ",
        "      BB    ",
    ];

    private readonly int[] _columnOfX;
    private readonly int[] _glyphColumnOfX;
    private readonly int[] _rowOfY;
    private readonly int[] _glyphRowOfY;

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public int Height { get; }

    /// <inheritdoc/>
    public long FrameVersion
    {
        get
        {
            lock (_gate)
            {
                return _frameVersion;
            }
        }
    }

    /// <inheritdoc/>
    public bool HasSignal => IsPoweredOn;

    /// <inheritdoc/>
    public long RenderRgb24(Span<byte> destination)
    {
        var size = Width * Height * 3;
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination needs {size} bytes ({Width}x{Height} RGB24).", nameof(destination));
        }

        lock (_gate)
        {
            if (!_poweredOn)
            {
                destination[..size].Clear();
                return _frameVersion;
            }

            RenderTextLocked(destination);
            RenderPointerLocked(destination);
            return _frameVersion;
        }
    }

    /// <summary>Maps each output pixel along one axis to its character cell and the glyph pixel inside that cell (nearest neighbour).</summary>
    private static (int[] Cell, int[] GlyphPixel) MapAxis(int pixels, int cells, int glyphPixels)
    {
        var cell = new int[pixels];
        var glyph = new int[pixels];
        for (var p = 0; p < pixels; p++)
        {
            var source = (long)p * cells * glyphPixels / pixels;
            cell[p] = (int)(source / glyphPixels);
            glyph[p] = (int)(source % glyphPixels);
        }

        return (cell, glyph);
    }

    private static void SetPixel(Span<byte> destination, int offset, int rgb)
    {
        destination[offset] = (byte)(rgb >> 16);
        destination[offset + 1] = (byte)(rgb >> 8);
        destination[offset + 2] = (byte)rgb;
    }

    private void RenderTextLocked(Span<byte> destination)
    {
        var background = ConsolePalette.ToRgb(ConsolePalette.Black);
        var offset = 0;
        for (var y = 0; y < Height; y++)
        {
            var row = _rowOfY[y];
            var glyphRow = _glyphRowOfY[y];
            var x = 0;
            while (x < Width)
            {
                var column = _columnOfX[x];
                var bits = ConsoleFont.Glyph(_console.CharAt(column, row))[glyphRow];
                if (row == _console.CursorRow && column == _console.CursorColumn && glyphRow >= ConsoleFont.GlyphHeight - 2)
                {
                    bits = 0xFF;
                }

                var foreground = ConsolePalette.ToRgb(_console.ColorAt(column, row));
                for (; x < Width && _columnOfX[x] == column; x++, offset += 3)
                {
                    var on = (bits & (0x80 >> _glyphColumnOfX[x])) != 0;
                    SetPixel(destination, offset, on ? foreground : background);
                }
            }
        }
    }

    private void RenderPointerLocked(Span<byte> destination)
    {
        var scale = Math.Max(1, Height / 360);
        for (var ay = 0; ay < Arrow.Length * scale; ay++)
        {
            var y = _pointerY + ay;
            if (y >= Height)
            {
                break;
            }

            var line = Arrow[ay / scale];
            for (var ax = 0; ax < line.Length * scale; ax++)
            {
                var x = _pointerX + ax;
                var c = line[ax / scale];
                if (x >= Width || c == ' ')
                {
                    continue;
                }

                SetPixel(destination, ((y * Width) + x) * 3, c == 'W' ? 0xFFFFFF : 0x000000);
            }
        }
    }
}
