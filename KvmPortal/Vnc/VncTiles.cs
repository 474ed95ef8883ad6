using System.Drawing;

namespace KvmPortal.Vnc;

/// <summary>Finds the rectangles that differ between two RGB24 pictures of the same size, by comparing square tiles.</summary>
internal static class VncTiles
{
    /// <summary>
    /// Returns the changed areas: runs of changed tiles in a tile row become one rectangle, and a run with the same columns in the
    /// next tile row extends it downwards.
    /// </summary>
    public static List<Rectangle> Changed(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> current, int width, int height, int tile)
    {
        var stride = width * 3;
        var result = new List<Rectangle>();
        var open = new List<int>(); // indexes into result of the runs that ended on the previous tile row
        var columns = (width + tile - 1) / tile;
        for (var ty = 0; ty < height; ty += tile)
        {
            var th = Math.Min(tile, height - ty);
            var nowOpen = new List<int>();
            var run = -1;
            for (var c = 0; c <= columns; c++)
            {
                var dirty = c < columns && TileDiffers(previous, current, stride, c * tile * 3, ty, Math.Min(tile, width - (c * tile)) * 3, th);
                if (dirty && run < 0)
                {
                    run = c;
                }
                else if (!dirty && run >= 0)
                {
                    var x = run * tile;
                    var w = Math.Min(c * tile, width) - x;
                    var above = open.FirstOrDefault(i => result[i].X == x && result[i].Width == w && result[i].Bottom == ty, -1);
                    if (above >= 0)
                    {
                        var r = result[above];
                        result[above] = new Rectangle(r.X, r.Y, r.Width, r.Height + th);
                        nowOpen.Add(above);
                    }
                    else
                    {
                        result.Add(new Rectangle(x, ty, w, th));
                        nowOpen.Add(result.Count - 1);
                    }

                    run = -1;
                }
            }

            open = nowOpen;
        }

        return result;
    }

    private static bool TileDiffers(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int stride, int xBytes, int y, int rowBytes, int rows)
    {
        for (var r = 0; r < rows; r++)
        {
            var offset = ((y + r) * stride) + xBytes;
            if (!a.Slice(offset, rowBytes).SequenceEqual(b.Slice(offset, rowBytes)))
            {
                return true;
            }
        }

        return false;
    }
}
