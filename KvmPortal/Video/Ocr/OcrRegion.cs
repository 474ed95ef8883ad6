namespace KvmPortal.Video.Ocr;

/// <summary>A rectangle of the frame to recognize, in frame pixels (right and bottom exclusive).</summary>
public readonly record struct OcrRegion(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;

    public int Height => Bottom - Top;

    /// <summary>
    /// kvmd's rule: a negative side means the frame's edge, values past the frame are clamped to it. Unlike kvmd (which then
    /// silently recognizes the whole frame) an empty region is refused.
    /// </summary>
    /// <returns>False when the region is empty after clamping.</returns>
    public static bool TryResolve(int left, int top, int right, int bottom, int frameWidth, int frameHeight, out OcrRegion region)
    {
        left = left < 0 ? 0 : Math.Min(frameWidth, left);
        top = top < 0 ? 0 : Math.Min(frameHeight, top);
        right = right < 0 ? frameWidth : Math.Min(frameWidth, right);
        bottom = bottom < 0 ? frameHeight : Math.Min(frameHeight, bottom);
        region = new OcrRegion(left, top, right, bottom);
        return left < right && top < bottom;
    }
}
