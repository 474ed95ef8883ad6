namespace KvmPortal.Hardware.Video;

/// <summary>Renders the "NO SIGNAL" style frames shown instead of a picture, with a tiny built-in 5×7 font.</summary>
internal static class PlaceholderRenderer
{
    private const int GlyphWidth = 5;
    private const int GlyphHeight = 7;

    // Row-major 5×7 glyphs, '1' = lit.
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['A'] = "01110100011000111111100011000110001", ['B'] = "11110100011000111110100011000111110",
        ['C'] = "01110100011000010000100001000101110", ['D'] = "11110100011000110001100011000111110",
        ['E'] = "11111100001000011110100001000011111", ['F'] = "11111100001000011110100001000010000",
        ['G'] = "01110100011000010111100011000101111", ['H'] = "10001100011000111111100011000110001",
        ['I'] = "01110001000010000100001000010001110", ['J'] = "00111000100001000010000101001001100",
        ['K'] = "10001100101010011000101001001010001", ['L'] = "10000100001000010000100001000011111",
        ['M'] = "10001110111010110101100011000110001", ['N'] = "10001100011100110101100111000110001",
        ['O'] = "01110100011000110001100011000101110", ['P'] = "11110100011000111110100001000010000",
        ['Q'] = "01110100011000110001101011001001101", ['R'] = "11110100011000111110101001001010001",
        ['S'] = "01111100001000001110000010000111110", ['T'] = "11111001000010000100001000010000100",
        ['U'] = "10001100011000110001100011000101110", ['V'] = "10001100011000110001100010101000100",
        ['W'] = "10001100011000110101101011010101010", ['X'] = "10001100010101000100010101000110001",
        ['Y'] = "10001100010101000100001000010000100", ['Z'] = "11111000010001000100010001000011111",
        ['0'] = "01110100011001110101110011000101110", ['1'] = "00100011000010000100001000010001110",
        ['2'] = "01110100010000100010001000100011111", ['3'] = "11111000100010000010000011000101110",
        ['4'] = "00010001100101010010111110001000010", ['5'] = "11111100001111000001000011000101110",
        ['6'] = "00110010001000011110100011000101110", ['7'] = "11111000010001000100010000100001000",
        ['8'] = "01110100011000101110100011000101110", ['9'] = "01110100011000101111000010001001100",
        ['-'] = "00000000000000011111000000000000000", ['.'] = "00000000000000000000000000110001100",
        [':'] = "00000011000110000000011000110000000", ['/'] = "00001000010001000100010001000010000",
        [' '] = "00000000000000000000000000000000000",
    };

    /// <summary>Gets the text shown for a state.</summary>
    /// <returns>Upper-case text.</returns>
    public static string TextFor(VideoSignalState state) => state switch
    {
        VideoSignalState.NoSignal => "NO SIGNAL",
        VideoSignalState.NoSync => "NO SYNC",
        VideoSignalState.NoDevice => "NO CAPTURE DEVICE",
        VideoSignalState.Disabled => "VIDEO DISABLED",
        _ => string.Empty,
    };

    /// <summary>Renders a dark RGB24 frame with centred text lines.</summary>
    /// <returns>Width × Height × 3 bytes.</returns>
    public static byte[] Render(int width, int height, IReadOnlyList<string> lines)
    {
        var image = new byte[width * height * 3];
        image.AsSpan().Fill(20);
        int longest = Math.Max(1, lines.Max(l => l.Length));
        int scale = Math.Max(1, Math.Min(width * 6 / 10 / (longest * (GlyphWidth + 1)), height / 4 / (GlyphHeight + 2)));
        int lineHeight = (GlyphHeight + 3) * scale;
        int top = (height - (lines.Count * lineHeight)) / 2;
        for (int n = 0; n < lines.Count; n++)
        {
            string text = lines[n].ToUpperInvariant();
            int textWidth = text.Length * (GlyphWidth + 1) * scale;
            int left = Math.Max(0, (width - textWidth) / 2);
            byte shade = n == 0 ? (byte)230 : (byte)150;
            for (int c = 0; c < text.Length; c++)
            {
                if (Glyphs.TryGetValue(text[c], out string? glyph))
                {
                    DrawGlyph(image, width, height, glyph, left + (c * (GlyphWidth + 1) * scale), top + (n * lineHeight), scale, shade);
                }
            }
        }

        return image;
    }

    private static void DrawGlyph(byte[] image, int width, int height, string glyph, int x0, int y0, int scale, byte shade)
    {
        for (int gy = 0; gy < GlyphHeight; gy++)
        {
            for (int gx = 0; gx < GlyphWidth; gx++)
            {
                if (glyph[(gy * GlyphWidth) + gx] != '1')
                {
                    continue;
                }

                for (int dy = 0; dy < scale; dy++)
                {
                    int y = y0 + (gy * scale) + dy;
                    if (y < 0 || y >= height)
                    {
                        continue;
                    }

                    int start = ((y * width) + x0 + (gx * scale)) * 3;
                    int count = Math.Min(scale, width - (x0 + (gx * scale))) * 3;
                    if (count > 0)
                    {
                        image.AsSpan(start, count).Fill(shade);
                    }
                }
            }
        }
    }
}
