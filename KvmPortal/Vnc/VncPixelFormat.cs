using System.Buffers.Binary;

namespace KvmPortal.Vnc;

/// <summary>An RFB PIXEL_FORMAT (16 bytes on the wire). Only true-colour formats of 8, 16 or 32 bits per pixel are accepted.</summary>
internal readonly record struct VncPixelFormat(
    byte BitsPerPixel, byte Depth, bool BigEndian, bool TrueColour, ushort RedMax, ushort GreenMax, ushort BlueMax, byte RedShift, byte GreenShift, byte BlueShift)
{
    /// <summary>The server's own format: 32 bits, depth 24, little-endian, 0x00RRGGBB.</summary>
    public static VncPixelFormat Server { get; } = new(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public int BytesPerPixel => BitsPerPixel / 8;

    public static VncPixelFormat Parse(ReadOnlySpan<byte> b) => new(
        b[0], b[1], b[2] != 0, b[3] != 0,
        BinaryPrimitives.ReadUInt16BigEndian(b[4..]), BinaryPrimitives.ReadUInt16BigEndian(b[6..]), BinaryPrimitives.ReadUInt16BigEndian(b[8..]),
        b[10], b[11], b[12]);

    /// <summary>Null when the server can send this format, else the reason.</summary>
    public string? Problem()
    {
        if (!TrueColour)
        {
            return "colour-map pixel formats are not supported";
        }

        if (BitsPerPixel is not (8 or 16 or 32))
        {
            return $"{BitsPerPixel} bits per pixel is not supported";
        }

        static bool Fits(ushort max, byte shift, int bits) => max != 0 && ((max + 1) & max) == 0 && shift < bits;
        return Fits(RedMax, RedShift, BitsPerPixel) && Fits(GreenMax, GreenShift, BitsPerPixel) && Fits(BlueMax, BlueShift, BitsPerPixel)
            ? null
            : "the colour maxima must be 2^n-1 and the shifts inside the pixel";
    }

    public void Write(Span<byte> b)
    {
        b[0] = BitsPerPixel;
        b[1] = Depth;
        b[2] = BigEndian ? (byte)1 : (byte)0;
        b[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(b[4..], RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[8..], BlueMax);
        b[10] = RedShift;
        b[11] = GreenShift;
        b[12] = BlueShift;
        b[13] = b[14] = b[15] = 0;
    }

    /// <summary>Converts one row of packed RGB24 pixels into this format.</summary>
    public void ConvertRow(ReadOnlySpan<byte> rgb, Span<byte> destination)
    {
        var bpp = BytesPerPixel;
        var pixels = rgb.Length / 3;
        if (this == Server)
        {
            for (var i = 0; i < pixels; i++)
            {
                var s = i * 3;
                var d = i * 4;
                destination[d] = rgb[s + 2];
                destination[d + 1] = rgb[s + 1];
                destination[d + 2] = rgb[s];
                destination[d + 3] = 0;
            }

            return;
        }

        for (var i = 0; i < pixels; i++)
        {
            var s = i * 3;
            var value = (Scale(rgb[s], RedMax) << RedShift) | (Scale(rgb[s + 1], GreenMax) << GreenShift) | (Scale(rgb[s + 2], BlueMax) << BlueShift);
            var d = destination.Slice(i * bpp, bpp);
            switch (bpp)
            {
                case 1:
                    d[0] = (byte)value;
                    break;
                case 2 when BigEndian:
                    BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)value);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)value);
                    break;
                case 4 when BigEndian:
                    BinaryPrimitives.WriteUInt32BigEndian(d, value);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(d, value);
                    break;
            }
        }
    }

    private static uint Scale(byte component, ushort max) => (uint)((component * max) + 127) / 255;
}
