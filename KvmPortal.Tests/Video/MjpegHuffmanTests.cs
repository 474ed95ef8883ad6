using KvmPortal.Hardware.Video;
using Xunit;

namespace KvmPortal.Tests.Video;

public class MjpegHuffmanTests
{
    [Fact]
    public void StandardSegment_MatchesTablesLibjpegWrites()
    {
        // libjpeg-turbo (no optimize_coding) writes the Annex K tables; collect its DHT payloads and compare with ours.
        byte[] jpeg = EncodeSample();
        var ours = new HashSet<string>(SplitTables(MjpegHuffman.StandardSegment[4..].ToArray()));
        var theirs = new HashSet<string>();
        foreach (var (marker, payload) in Segments(jpeg))
        {
            if (marker == 0xC4)
            {
                theirs.UnionWith(SplitTables(payload));
            }
        }

        Assert.Equal(4, ours.Count);
        Assert.Equal(ours, theirs);
    }

    [Fact]
    public void EnsureHuffmanTable_StrippedFrame_DecodesLikeOriginal()
    {
        byte[] original = EncodeSample();
        byte[] stripped = StripDht(original);
        Assert.True(MjpegHuffman.HasHuffmanTable(original));
        Assert.False(MjpegHuffman.HasHuffmanTable(stripped));

        byte[] fixedUp = MjpegHuffman.EnsureHuffmanTable(stripped);

        Assert.True(MjpegHuffman.HasHuffmanTable(fixedUp));
        Assert.Equal(stripped.Length + MjpegHuffman.StandardSegment.Length, fixedUp.Length);
        Assert.Equal(JpegInspector.DecodeRgb24(original, out _), JpegInspector.DecodeRgb24(fixedUp, out _));
    }

    [Fact]
    public void EnsureHuffmanTable_FrameWithTables_IsUnchanged()
    {
        byte[] original = EncodeSample();
        Assert.Equal(original, MjpegHuffman.EnsureHuffmanTable(original));
    }

    [Fact]
    public void IsPlausibleJpeg_RejectsTruncatedAndGarbage()
    {
        byte[] jpeg = EncodeSample();
        Assert.True(MjpegHuffman.IsPlausibleJpeg(jpeg));
        Assert.False(MjpegHuffman.IsPlausibleJpeg(jpeg.AsSpan(0, jpeg.Length - 7)));
        Assert.False(MjpegHuffman.IsPlausibleJpeg(new byte[500]));
        Assert.Equal(-1, MjpegHuffman.FindScanStart(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, out _));
    }

    private static byte[] EncodeSample()
    {
        using var encoder = new JpegEncoder();
        return encoder.EncodeToArray(SyntheticFrames.CreateRgb24(96, 64), VideoPixelFormat.Rgb24, 96, 64, 0, 75);
    }

    private static byte[] StripDht(byte[] jpeg)
    {
        var output = new List<byte> { 0xFF, 0xD8 };
        int scan = MjpegHuffman.FindScanStart(jpeg, out _);
        foreach (var (marker, payload) in Segments(jpeg))
        {
            if (marker != 0xC4)
            {
                output.AddRange([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
                output.AddRange(payload);
            }
        }

        output.AddRange(jpeg.AsSpan(scan).ToArray());
        return [.. output];
    }

    private static List<(byte Marker, byte[] Payload)> Segments(byte[] jpeg)
    {
        var list = new List<(byte, byte[])>();
        int i = 2;
        while (jpeg[i + 1] != 0xDA)
        {
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            list.Add((jpeg[i + 1], jpeg.AsSpan(i + 4, length - 2).ToArray()));
            i += 2 + length;
        }

        return list;
    }

    private static IEnumerable<string> SplitTables(byte[] payload)
    {
        int i = 0;
        while (i < payload.Length)
        {
            int count = 0;
            for (int k = 1; k <= 16; k++)
            {
                count += payload[i + k];
            }

            yield return Convert.ToHexString(payload, i, 17 + count);
            i += 17 + count;
        }
    }
}
