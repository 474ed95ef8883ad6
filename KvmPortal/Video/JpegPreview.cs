using KvmPortal.Hardware.Video;

namespace KvmPortal.Video;

/// <summary>Snapshot thumbnails (<c>preview=1</c>): decode, shrink with a box filter, encode. Default size: a fifth of the frame, as PiKVM.</summary>
public static class JpegPreview
{
    public static byte[] Make(ReadOnlySpan<byte> jpeg, int maxWidth, int maxHeight, int quality)
    {
        var rgb = JpegInspector.DecodeRgb24(jpeg, out var header);
        int w = header.Width, h = header.Height;
        if (maxWidth <= 0 && maxHeight <= 0)
        {
            maxWidth = Math.Max(1, w / 5);
            maxHeight = Math.Max(1, h / 5);
        }

        var scale = Math.Min(maxWidth > 0 ? (double)maxWidth / w : 1, maxHeight > 0 ? (double)maxHeight / h : 1);
        scale = Math.Min(scale, 1);
        int tw = Math.Max(1, (int)(w * scale)), th = Math.Max(1, (int)(h * scale));
        var small = new byte[tw * th * 3];
        for (var y = 0; y < th; y++)
        {
            int y0 = y * h / th, y1 = Math.Max(y0 + 1, (y + 1) * h / th);
            for (var x = 0; x < tw; x++)
            {
                int x0 = x * w / tw, x1 = Math.Max(x0 + 1, (x + 1) * w / tw);
                int r = 0, g = 0, b = 0, n = 0;
                for (var sy = y0; sy < y1; sy++)
                {
                    var row = sy * w * 3;
                    for (var sx = x0; sx < x1; sx++)
                    {
                        var i = row + (sx * 3);
                        r += rgb[i];
                        g += rgb[i + 1];
                        b += rgb[i + 2];
                        n++;
                    }
                }

                var o = ((y * tw) + x) * 3;
                small[o] = (byte)(r / n);
                small[o + 1] = (byte)(g / n);
                small[o + 2] = (byte)(b / n);
            }
        }

        using var encoder = new JpegEncoder();
        return encoder.EncodeToArray(small, VideoPixelFormat.Rgb24, tw, th, tw * 3, quality);
    }
}
