using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Fills an encoder's OUTPUT buffer from a raw frame in the layout the driver set (stride and plane height included).</summary>
internal static class M2mRawFrameWriter
{
    /// <summary>The V4L2 fourcc a frame of this format can be queued as without conversion, or null.</summary>
    /// <returns>The fourcc.</returns>
    public static uint? DirectFourcc(VideoPixelFormat format) => format switch
    {
        VideoPixelFormat.Yuyv => V4l2Native.FourccYuyv,
        VideoPixelFormat.Uyvy => V4l2Native.FourccUyvy,
        VideoPixelFormat.Rgb24 => V4l2Native.FourccRgb24,
        VideoPixelFormat.Bgr24 => V4l2Native.FourccBgr24,
        _ => null,
    };

    /// <summary>Writes the frame; returns the payload size to queue (the format's sizeimage).</summary>
    /// <exception cref="NotSupportedException">The frame's format cannot feed this OUTPUT format.</exception>
    public static int Write(RawVideoFrame frame, M2mPlaneFormat format, Span<byte> destination)
    {
        int bpl = (int)format.BytesPerLine;
        int size = (int)Math.Min(format.SizeImage, (uint)destination.Length);
        if (format.Fourcc == V4l2M2mNative.FourccYuv420)
        {
            // One plane holding Y, U, V back to back; the plane height follows from sizeimage (drivers may pad it, e.g. to 16 rows).
            int planeHeight = Math.Max(frame.Height, (int)((long)format.SizeImage * 2 / (3L * bpl)));
            planeHeight += planeHeight & 1;
            int lumaSize = bpl * planeHeight, chromaStride = bpl / 2, chromaSize = chromaStride * (planeHeight / 2);
            if (bpl < frame.Width || lumaSize + (2 * chromaSize) > destination.Length)
            {
                throw new InvalidOperationException($"OUTPUT buffer too small for {frame.Width}x{frame.Height} I420 (stride {bpl}, {destination.Length} B)");
            }

            I420Converter.Convert(frame, destination[..lumaSize], bpl, destination.Slice(lumaSize, chromaSize), destination.Slice(lumaSize + chromaSize, chromaSize), chromaStride);
            return Math.Max(size, lumaSize + (2 * chromaSize));
        }

        if (DirectFourcc(frame.Format) == format.Fourcc)
        {
            int rowBytes = frame.Width * JpegEncoder.BytesPerPixel(frame.Format);
            if (bpl < rowBytes || (long)bpl * frame.Height > destination.Length)
            {
                throw new InvalidOperationException($"OUTPUT buffer too small for {frame.Width}x{frame.Height} (stride {bpl}, {destination.Length} B)");
            }

            ReadOnlySpan<byte> source = frame.Data;
            for (int row = 0; row < frame.Height; row++)
            {
                source.Slice(row * frame.Stride, rowBytes).CopyTo(destination.Slice(row * bpl, rowBytes));
            }

            return Math.Max(size, bpl * frame.Height);
        }

        throw new NotSupportedException(
            $"a {frame.Format} frame cannot feed the encoder's OUTPUT format {V4l2Native.FourccText(format.Fourcc)}");
    }
}
