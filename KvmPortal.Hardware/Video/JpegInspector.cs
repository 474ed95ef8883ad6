using System.Runtime.InteropServices;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>Reads JPEG headers through TurboJPEG (tjDecompressHeader3).</summary>
public static class JpegInspector
{
    /// <summary>Parses the header of a JPEG.</summary>
    /// <param name="jpeg">The compressed bytes.</param>
    /// <returns>Size and subsampling.</returns>
    public static unsafe JpegHeaderInfo ReadHeader(ReadOnlySpan<byte> jpeg)
    {
        TurboJpegNative.EnsureResolver();
        nint handle = TurboJpegNative.InitDecompress();
        if (handle == 0)
        {
            throw new InvalidOperationException("tjInitDecompress failed");
        }

        try
        {
            int width, height, subsampling, colorspace;
            fixed (byte* p = jpeg)
            {
                if (TurboJpegNative.DecompressHeader3(handle, p, new CULong((nuint)jpeg.Length), &width, &height, &subsampling, &colorspace) != 0)
                {
                    throw new InvalidDataException("Not a readable JPEG: " + TurboJpegNative.ErrorText(handle));
                }
            }

            return new JpegHeaderInfo(width, height, subsampling);
        }
        finally
        {
            _ = TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>Decodes a JPEG to packed RGB24 (used by tests and diagnostics, not by the stream path).</summary>
    /// <param name="jpeg">The compressed bytes.</param>
    /// <param name="header">The parsed header.</param>
    /// <returns>Width × Height × 3 bytes.</returns>
    public static unsafe byte[] DecodeRgb24(ReadOnlySpan<byte> jpeg, out JpegHeaderInfo header)
    {
        header = ReadHeader(jpeg);
        var pixels = new byte[header.Width * header.Height * 3];
        nint handle = TurboJpegNative.InitDecompress();
        try
        {
            fixed (byte* p = jpeg)
            fixed (byte* d = pixels)
            {
                if (TurboJpegNative.Decompress2(handle, p, new CULong((nuint)jpeg.Length), d, header.Width, 0, header.Height, TurboJpegNative.TJPF_RGB, 0) != 0)
                {
                    throw new InvalidDataException("JPEG decode failed: " + TurboJpegNative.ErrorText(handle));
                }
            }

            return pixels;
        }
        finally
        {
            _ = TurboJpegNative.Destroy(handle);
        }
    }
}
