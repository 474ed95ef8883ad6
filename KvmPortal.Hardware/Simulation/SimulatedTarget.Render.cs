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

    private readonly int[] _cellStartX;
    private readonly byte[] _maskOfX;
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

    /// <summary>Returns, for each cell, the first screen pixel it covers (plus the end), and each pixel's glyph bit mask.</summary>
    private static (int[] CellStart, byte[] Mask) MapColumns(int width, int columns)
    {
        var (cellOfX, glyphColumnOfX) = MapAxis(width, columns, ConsoleFont.GlyphWidth);
        var start = new int[columns + 1];
        var mask = new byte[width];
        for (var x = width - 1; x >= 0; x--)
        {
            start[cellOfX[x]] = x;
            mask[x] = (byte)(0x80 >> glyphColumnOfX[x]);
        }

        start[columns] = width;
        return (start, mask);
    }

    private static void SetPixel(Span<byte> destination, int offset, int rgb)
    {
        destination[offset] = (byte)(rgb >> 16);
        destination[offset + 1] = (byte)(rgb >> 8);
        destination[offset + 2] = (byte)rgb;
    }

    private unsafe void RenderTextLocked(Span<byte> destination)
    {
        var rowBytes = Width * 3;
        var previousKey = -1;
        fixed (byte* frame = destination)
        {
            for (var y = 0; y < Height; y++)
            {
                var row = _rowOfY[y];
                var glyphRow = _glyphRowOfY[y];
                var line = frame + ((long)y * rowBytes);

                // Screen rows that show the same glyph row of the same text row are identical: copy the previous one.
                var key = (row * ConsoleFont.GlyphHeight) + glyphRow;
                if (key == previousKey)
                {
                    Buffer.MemoryCopy(line - rowBytes, line, rowBytes, rowBytes);
                    continue;
                }

                previousKey = key;
                RenderTextRow(line, row, glyphRow);
            }
        }
    }

    private unsafe void RenderTextRow(byte* line, int row, int glyphRow)
    {
        var cursorRow = row == _console.CursorRow && glyphRow >= ConsoleFont.GlyphHeight - 2;
        var pixel = line;
        for (var column = 0; column < _console.Columns; column++)
        {
            var bits = cursorRow && column == _console.CursorColumn ? (byte)0xFF : ConsoleFont.GlyphRow(_console.CharAt(column, row), glyphRow);
            var foreground = ConsolePalette.ToRgb(_console.ColorAt(column, row));
            byte r = (byte)(foreground >> 16), g = (byte)(foreground >> 8), b = (byte)foreground;
            for (var x = _cellStartX[column]; x < _cellStartX[column + 1]; x++, pixel += 3)
            {
                if ((bits & _maskOfX[x]) != 0)
                {
                    pixel[0] = r;
                    pixel[1] = g;
                    pixel[2] = b;
                }
                else
                {
                    pixel[0] = 0;
                    pixel[1] = 0;
                    pixel[2] = 0;
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
