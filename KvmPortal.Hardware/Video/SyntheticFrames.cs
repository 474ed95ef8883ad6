namespace KvmPortal.Hardware.Video;

/// <summary>Deterministic synthetic test pictures (dense, noise-like text panels over a gradient, so JPEG sizes are realistic).</summary>
public static class SyntheticFrames
{
    /// <summary>Renders a dense desktop-like picture as packed RGB24.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="seed">Seed for the pseudo-random glyph noise.</param>
    /// <returns>Width × Height × 3 bytes.</returns>
    public static byte[] CreateRgb24(int width, int height, int seed = 42)
    {
        var image = new byte[width * height * 3];
        uint state = (uint)seed * 2654435761u | 1u;
        for (int y = 0; y < height; y++)
        {
            int r = 30 + (120 * y / height);
            int b = 180 - (100 * y / height);
            int row = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                int i = row + (x * 3);
                image[i] = (byte)r;
                image[i + 1] = (byte)(60 + (120 * x / width));
                image[i + 2] = (byte)b;
            }
        }

        // Text-like panels: 8×16 cells, each lit pixel decided by a xorshift stream (dense, high-frequency content).
        int panelWidth = width * 55 / 100 / 8 * 8;
        int panelHeight = height * 70 / 100 / 16 * 16;
        for (int y = 0; y < panelHeight; y++)
        {
            int row = y * width * 3;
            bool textRow = (y % 16) is >= 3 and <= 13;
            for (int x = 0; x < panelWidth; x++)
            {
                int i = row + (x * 3);
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                bool lit = textRow && (x % 8) != 0 && (state & 3) == 0;
                image[i] = lit ? (byte)220 : (byte)0;
                image[i + 1] = lit ? (byte)220 : (byte)0;
                image[i + 2] = lit ? (byte)220 : (byte)170;
            }
        }

        int termX = width * 45 / 100;
        int termY = height * 55 / 100;
        for (int y = termY; y < height - 40; y++)
        {
            int row = y * width * 3;
            bool textRow = (y % 16) is >= 3 and <= 13;
            for (int x = termX; x < width - 40; x++)
            {
                int i = row + (x * 3);
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                bool lit = textRow && (state % 5) == 0;
                image[i] = lit ? (byte)80 : (byte)12;
                image[i + 1] = lit ? (byte)220 : (byte)12;
                image[i + 2] = lit ? (byte)80 : (byte)12;
            }
        }

        return image;
    }

    /// <summary>Converts packed RGB24 to packed YUYV or UYVY (full-range JFIF YCbCr), as a capture chip would deliver it.</summary>
    /// <returns>Width × Height × 2 bytes.</returns>
    public static byte[] RgbToPackedYuv(ReadOnlySpan<byte> rgb, int width, int height, bool uyvy)
    {
        var output = new byte[width * height * 2];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x += 2)
            {
                int i = ((y * width) + x) * 3;
                var (y0, u0, v0) = ToYuv(rgb[i], rgb[i + 1], rgb[i + 2]);
                var (y1, u1, v1) = ToYuv(rgb[i + 3], rgb[i + 4], rgb[i + 5]);
                byte u = (byte)((u0 + u1) / 2);
                byte v = (byte)((v0 + v1) / 2);
                int o = ((y * width) + x) * 2;
                if (uyvy)
                {
                    output[o] = u;
                    output[o + 1] = (byte)y0;
                    output[o + 2] = v;
                    output[o + 3] = (byte)y1;
                }
                else
                {
                    output[o] = (byte)y0;
                    output[o + 1] = u;
                    output[o + 2] = (byte)y1;
                    output[o + 3] = v;
                }
            }
        }

        return output;
    }

    private static (int Y, int U, int V) ToYuv(byte r, byte g, byte b)
    {
        // Full-range JFIF YCbCr (what JPEG decoders assume), so the round trip keeps colours.
        int y = ((77 * r) + (150 * g) + (29 * b) + 128) >> 8;
        int u = ((-43 * r) - (85 * g) + (128 * b) + 32896) >> 8;
        int v = ((128 * r) - (107 * g) - (21 * b) + 32896) >> 8;
        return (Math.Clamp(y, 0, 255), Math.Clamp(u, 0, 255), Math.Clamp(v, 0, 255));
    }
}
