using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// Deinterleaves packed 4:2:2 YUYV/UYVY into planar 4:2:0 (I420) without any colour conversion: luma is copied,
/// chroma is taken from even rows. TurboJPEG then compresses the planes directly (tjCompressFromYUVPlanes).
/// </summary>
internal static class PackedYuvConverter
{
    /// <summary>Deinterleaves one frame. Width must be even.</summary>
    public static unsafe void ToI420(
        byte* source, int stride, int width, int height, bool uyvy, byte* y, byte* u, byte* v)
    {
        int chromaWidth = width / 2;
        for (int row = 0; row < height; row++)
        {
            byte* src = source + ((nint)row * stride);
            byte* yRow = y + ((nint)row * width);
            if ((row & 1) == 0)
            {
                int chromaRow = row / 2;
                ConvertRowWithChroma(src, width, uyvy, yRow, u + ((nint)chromaRow * chromaWidth), v + ((nint)chromaRow * chromaWidth));
            }
            else
            {
                ConvertRowLumaOnly(src, width, uyvy, yRow);
            }
        }
    }

    private static unsafe void ConvertRowWithChroma(byte* src, int width, bool uyvy, byte* y, byte* u, byte* v)
    {
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> lumaMask = uyvy ? UyvyLuma : YuyvLuma;
            Vector128<byte> chromaMask = uyvy ? UyvyChroma : YuyvChroma;
            for (; x + 16 <= width; x += 16)
            {
                var a = Vector128.Load(src + (x * 2));
                var b = Vector128.Load(src + (x * 2) + 16);
                var ya = Shuffle(a, lumaMask).AsUInt64();
                var yb = Shuffle(b, lumaMask).AsUInt64();
                Vector128.Create(ya.ToScalar(), yb.ToScalar()).AsByte().Store(y + x);
                var ca = Shuffle(a, chromaMask).AsUInt32();
                var cb = Shuffle(b, chromaMask).AsUInt32();
                Unsafe.WriteUnaligned(u + (x / 2), ca.GetElement(0));
                Unsafe.WriteUnaligned(u + (x / 2) + 4, cb.GetElement(0));
                Unsafe.WriteUnaligned(v + (x / 2), ca.GetElement(1));
                Unsafe.WriteUnaligned(v + (x / 2) + 4, cb.GetElement(1));
            }
        }

        int yOffset = uyvy ? 1 : 0;
        int uOffset = uyvy ? 0 : 1;
        for (; x + 1 < width; x += 2)
        {
            byte* p = src + (x * 2);
            y[x] = p[yOffset];
            y[x + 1] = p[yOffset + 2];
            u[x / 2] = p[uOffset];
            v[x / 2] = p[uOffset + 2];
        }
    }

    private static unsafe void ConvertRowLumaOnly(byte* src, int width, bool uyvy, byte* y)
    {
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> lumaMask = uyvy ? UyvyLuma : YuyvLuma;
            for (; x + 16 <= width; x += 16)
            {
                var ya = Shuffle(Vector128.Load(src + (x * 2)), lumaMask).AsUInt64();
                var yb = Shuffle(Vector128.Load(src + (x * 2) + 16), lumaMask).AsUInt64();
                Vector128.Create(ya.ToScalar(), yb.ToScalar()).AsByte().Store(y + x);
            }
        }

        int yOffset = uyvy ? 1 : 0;
        for (; x + 1 < width; x += 2)
        {
            y[x] = src[(x * 2) + yOffset];
            y[x + 1] = src[(x * 2) + yOffset + 2];
        }
    }

    /// <summary>Byte shuffle with a run-time mask (pshufb / tbl; indices 0xFF give 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Shuffle(Vector128<byte> value, Vector128<byte> mask)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(value, mask);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(value, mask);
        }

        return Vector128.Shuffle(value, mask);
    }

    private static Vector128<byte> YuyvLuma => Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);

    private static Vector128<byte> UyvyLuma => Vector128.Create((byte)1, 3, 5, 7, 9, 11, 13, 15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);

    // Lower 4 bytes: U0..U3, next 4 bytes: V0..V3.
    private static Vector128<byte> YuyvChroma => Vector128.Create((byte)1, 5, 9, 13, 3, 7, 11, 15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);

    private static Vector128<byte> UyvyChroma => Vector128.Create((byte)0, 4, 8, 12, 2, 6, 10, 14, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
}
