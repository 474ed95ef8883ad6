namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// Converts RGB24/BGR24, packed 4:2:2 (YUYV/UYVY) and MJPEG pictures to planar 4:2:0 (I420) for encoders. RGB uses BT.601
/// limited range (what an H.264 decoder assumes without colour information); chroma is the average of each 2x2 block.
/// </summary>
public static class I420Converter
{
    /// <summary>Converts a raw frame into the three planes.</summary>
    /// <param name="frame">RGB24, BGR24, YUYV, UYVY or MJPEG (decoded with libturbojpeg); even width and height.</param>
    /// <param name="y">Luma plane, <paramref name="yStride"/> bytes a row.</param>
    /// <param name="yStride">Luma row pitch (at least the width).</param>
    /// <param name="u">Cb plane, <paramref name="chromaStride"/> bytes a row.</param>
    /// <param name="v">Cr plane.</param>
    /// <param name="chromaStride">Chroma row pitch (at least half the width).</param>
    /// <exception cref="NotSupportedException">The frame is BGRX.</exception>
    public static void Convert(RawVideoFrame frame, Span<byte> y, int yStride, Span<byte> u, Span<byte> v, int chromaStride)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width % 2 != 0 || frame.Height % 2 != 0)
        {
            throw new ArgumentException($"I420 needs an even size, got {frame.Width}x{frame.Height}", nameof(frame));
        }

        switch (frame.Format)
        {
            case VideoPixelFormat.Rgb24:
            case VideoPixelFormat.Bgr24:
                FromRgb(frame.Data, frame.Stride, frame.Width, frame.Height, frame.Format == VideoPixelFormat.Bgr24, y, yStride, u, v, chromaStride);
                break;
            case VideoPixelFormat.Yuyv:
            case VideoPixelFormat.Uyvy:
                FromPacked(frame.Data, frame.Stride, frame.Width, frame.Height, frame.Format == VideoPixelFormat.Uyvy, y, yStride, u, v, chromaStride);
                break;
            case VideoPixelFormat.Mjpeg:
                // UVC dongles: decode with libturbojpeg first (as ustreamer does before its M2M encoder).
                byte[] rgb = JpegInspector.DecodeRgb24(frame.Data, out JpegHeaderInfo header);
                if (header.Width != frame.Width || header.Height != frame.Height)
                {
                    throw new InvalidDataException($"JPEG is {header.Width}x{header.Height}, the frame says {frame.Width}x{frame.Height}");
                }

                FromRgb(rgb, frame.Width * 3, frame.Width, frame.Height, bgr: false, y, yStride, u, v, chromaStride);
                break;
            default:
                throw new NotSupportedException($"no I420 conversion from {frame.Format}");
        }
    }

    /// <summary>Converts into one contiguous I420 buffer (Y, then U, then V; no padding).</summary>
    /// <returns>The buffer (width × height × 3 / 2 bytes).</returns>
    public static byte[] ToI420(RawVideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, luma = w * h, chroma = luma / 4;
        byte[] buffer = new byte[luma + (2 * chroma)];
        Convert(frame, buffer.AsSpan(0, luma), w, buffer.AsSpan(luma, chroma), buffer.AsSpan(luma + chroma, chroma), w / 2);
        return buffer;
    }

    // Pointers instead of span indexing: this loop runs for every pixel of every H.264 frame, and without inlining (a Debug build)
    // each span index is a call; with pointers it is the same arithmetic in either build.
    private static unsafe void FromRgb(
        ReadOnlySpan<byte> src, int stride, int width, int height, bool bgr, Span<byte> y, int yStride, Span<byte> u, Span<byte> v, int cStride)
    {
        if (src.Length < ((height - 1) * stride) + (width * 3) || y.Length < ((height - 1) * yStride) + width ||
            u.Length < (((height / 2) - 1) * cStride) + (width / 2) || v.Length < (((height / 2) - 1) * cStride) + (width / 2))
        {
            throw new ArgumentException("the planes are smaller than the picture");
        }

        int ri = bgr ? 2 : 0, bi = bgr ? 0 : 2;
        fixed (byte* s0 = src, y00 = y, u00 = u, v00 = v)
        {
            for (int row = 0; row < height; row += 2)
            {
                byte* top = s0 + (row * stride);
                byte* bottom = top + stride;
                byte* yTop = y00 + (row * yStride);
                byte* yBottom = yTop + yStride;
                byte* uRow = u00 + (row / 2 * cStride);
                byte* vRow = v00 + (row / 2 * cStride);
                for (int x = 0; x < width; x += 2, top += 6, bottom += 6)
                {
                    int r0 = top[ri], g0 = top[1], b0 = top[bi];
                    int r1 = top[3 + ri], g1 = top[4], b1 = top[3 + bi];
                    int r2 = bottom[ri], g2 = bottom[1], b2 = bottom[bi];
                    int r3 = bottom[3 + ri], g3 = bottom[4], b3 = bottom[3 + bi];
                    yTop[x] = (byte)((((66 * r0) + (129 * g0) + (25 * b0) + 128) >> 8) + 16);
                    yTop[x + 1] = (byte)((((66 * r1) + (129 * g1) + (25 * b1) + 128) >> 8) + 16);
                    yBottom[x] = (byte)((((66 * r2) + (129 * g2) + (25 * b2) + 128) >> 8) + 16);
                    yBottom[x + 1] = (byte)((((66 * r3) + (129 * g3) + (25 * b3) + 128) >> 8) + 16);
                    int r = (r0 + r1 + r2 + r3 + 2) >> 2, g = (g0 + g1 + g2 + g3 + 2) >> 2, b = (b0 + b1 + b2 + b3 + 2) >> 2;
                    uRow[x >> 1] = (byte)((((-38 * r) - (74 * g) + (112 * b) + 128) >> 8) + 128);
                    vRow[x >> 1] = (byte)((((112 * r) - (94 * g) - (18 * b) + 128) >> 8) + 128);
                }
            }
        }
    }

    private static void FromPacked(
        ReadOnlySpan<byte> src, int stride, int width, int height, bool uyvy, Span<byte> y, int yStride, Span<byte> u, Span<byte> v, int cStride)
    {
        int yo = uyvy ? 1 : 0, uo = uyvy ? 0 : 1, vo = uyvy ? 2 : 3;
        for (int row = 0; row < height; row++)
        {
            ReadOnlySpan<byte> line = src.Slice(row * stride, width * 2);
            Span<byte> yRow = y.Slice(row * yStride, width);
            for (int x = 0; x < width; x++)
            {
                yRow[x] = line[(x * 2) + yo];
            }

            if ((row & 1) == 0)
            {
                Span<byte> uRow = u.Slice(row / 2 * cStride, width / 2);
                Span<byte> vRow = v.Slice(row / 2 * cStride, width / 2);
                for (int x = 0; x < width / 2; x++)
                {
                    uRow[x] = line[(x * 4) + uo];
                    vRow[x] = line[(x * 4) + vo];
                }
            }
        }
    }
}
