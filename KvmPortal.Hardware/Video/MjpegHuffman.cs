namespace KvmPortal.Hardware.Video;

/// <summary>
/// Helpers for passed-through MJPEG frames. UVC dongles often omit the Huffman tables (the AVI1/MJPEG convention assumes
/// the standard ones from ITU T.81 Annex K); browsers then refuse the picture, so the standard DHT segment is inserted.
/// </summary>
public static class MjpegHuffman
{
    private static readonly byte[] DcLuminanceBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcChrominanceBits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcLuminanceBits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
    private static readonly byte[] AcChrominanceBits = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];

    private static readonly byte[] AcLuminanceValues =
    [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
        0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
        0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
        0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly byte[] AcChrominanceValues =
    [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
        0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
        0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
        0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
        0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
        0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
        0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly byte[] Segment = BuildSegment();

    /// <summary>Gets the standard DHT segment (marker, length and the four Annex K tables).</summary>
    public static ReadOnlySpan<byte> StandardSegment => Segment;

    /// <summary>Checks the frame looks like a whole JPEG (SOI at the start, an EOI or zero padding at the end; ustreamer's rule).</summary>
    /// <returns>True when plausible.</returns>
    public static bool IsPlausibleJpeg(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 125 || frame[0] != 0xFF || frame[1] != 0xD8)
        {
            return false;
        }

        ReadOnlySpan<byte> end = frame[^2..];
        return (end[0] == 0xFF && end[1] == 0xD9) || (end[0] == 0xD9 && end[1] == 0x00) || (end[0] == 0 && end[1] == 0);
    }

    /// <summary>Finds where the DHT would go (the SOS marker) and whether one is already present before it.</summary>
    /// <returns>The offset of the SOS marker, or -1 when the header is malformed.</returns>
    public static int FindScanStart(ReadOnlySpan<byte> jpeg, out bool hasHuffmanTable)
    {
        hasHuffmanTable = false;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return -1;
        }

        int i = 2;
        while (i + 1 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                return -1;
            }

            int markerAt = i;
            while (i < jpeg.Length && jpeg[i] == 0xFF)
            {
                i++;
            }

            if (i >= jpeg.Length)
            {
                return -1;
            }

            byte marker = jpeg[i++];
            if (marker == 0xDA)
            {
                return markerAt;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (i + 1 >= jpeg.Length)
            {
                return -1;
            }

            int length = (jpeg[i] << 8) | jpeg[i + 1];
            if (length < 2)
            {
                return -1;
            }

            hasHuffmanTable |= marker == 0xC4;
            i += length;
        }

        return -1;
    }

    /// <summary>Whether the frame carries its own Huffman tables before the scan.</summary>
    /// <returns>True when a DHT segment precedes SOS.</returns>
    public static bool HasHuffmanTable(ReadOnlySpan<byte> jpeg) => FindScanStart(jpeg, out bool has) >= 0 && has;

    /// <summary>Returns the frame as a new array, with the standard DHT inserted before SOS when no DHT is present.</summary>
    /// <returns>The (possibly) completed JPEG; a plain copy when it already has tables or cannot be parsed.</returns>
    public static byte[] EnsureHuffmanTable(ReadOnlySpan<byte> jpeg)
    {
        int scan = FindScanStart(jpeg, out bool has);
        if (scan < 0 || has)
        {
            return jpeg.ToArray();
        }

        var result = GC.AllocateUninitializedArray<byte>(jpeg.Length + Segment.Length);
        jpeg[..scan].CopyTo(result);
        Segment.CopyTo(result.AsSpan(scan));
        jpeg[scan..].CopyTo(result.AsSpan(scan + Segment.Length));
        return result;
    }

    private static byte[] BuildSegment()
    {
        var body = new List<byte>(420);
        AddTable(body, 0x00, DcLuminanceBits, DcValues);
        AddTable(body, 0x10, AcLuminanceBits, AcLuminanceValues);
        AddTable(body, 0x01, DcChrominanceBits, DcValues);
        AddTable(body, 0x11, AcChrominanceBits, AcChrominanceValues);
        int length = body.Count + 2;
        var segment = new byte[body.Count + 4];
        segment[0] = 0xFF;
        segment[1] = 0xC4;
        segment[2] = (byte)(length >> 8);
        segment[3] = (byte)length;
        body.CopyTo(segment, 4);
        return segment;
    }

    private static void AddTable(List<byte> body, byte classAndId, byte[] bits, byte[] values)
    {
        body.Add(classAndId);
        body.AddRange(bits);
        body.AddRange(values);
    }
}
