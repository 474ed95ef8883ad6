using System.Collections.Concurrent;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>
/// The MJPEG frames the test dongle sends, made the way cheap dongles make them: baseline JPEG without a DHT segment
/// (the decoder is expected to use the standard tables of ITU T.81 Annex K). For each frame it also keeps what a
/// correct passthrough must publish: the same bytes with libjpeg's own standard tables merged into one DHT segment
/// inserted right before SOS (derived here from the encoder's output, independently of KvmPortal's table).
/// </summary>
internal sealed class DongleFrames
{
    private const int Variants = 3;
    private readonly ConcurrentDictionary<(int Width, int Height), (byte[][] Sent, byte[][] Expected, byte[][] Original)> _sets = new();

    /// <summary>The frames to send for a size (built on first use; a few distinct pictures).</summary>
    public IReadOnlyList<byte[]> For(int width, int height) => Get(width, height).Sent;

    /// <summary>Finds which sent frame <paramref name="published"/> corresponds to.</summary>
    /// <returns>The index of the frame whose expected passthrough equals the published bytes, or -1.</returns>
    public int MatchPublished(int width, int height, ReadOnlySpan<byte> published)
    {
        byte[][] expected = Get(width, height).Expected;
        for (int i = 0; i < expected.Length; i++)
        {
            if (published.SequenceEqual(expected[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public byte[] Sent(int width, int height, int index) => Get(width, height).Sent[index];

    public byte[] Original(int width, int height, int index) => Get(width, height).Original[index];

    /// <summary>One uncompressed YUYV frame (a plain luma ramp; only used if a host picks the raw format).</summary>
    public static byte[] Yuyv(int width, int height)
    {
        var frame = new byte[width * height * 2];
        for (int i = 0; i < frame.Length; i += 2)
        {
            frame[i] = (byte)(i / 2 % width * 255 / width);
            frame[i + 1] = 128;
        }

        return frame;
    }

    /// <summary>Removes every DHT segment before SOS.</summary>
    public static byte[] StripHuffmanTables(byte[] jpeg) => [.. Segments(jpeg).Where(s => s.Marker != 0xC4).SelectMany(s => jpeg[s.Start..s.End])];

    private static (byte[][] Sent, byte[][] Expected, byte[][] Original) Build(int width, int height)
    {
        byte[] rgb = SyntheticFrames.CreateRgb24(width, height);
        using var encoder = new JpegEncoder();
        var sent = new byte[Variants][];
        var expected = new byte[Variants][];
        var original = new byte[Variants][];
        for (int i = 0; i < Variants; i++)
        {
            // A coloured block that moves from variant to variant, so consecutive frames differ like a live screen.
            for (int y = 0; y < 64; y++)
            {
                int row = (((height / 3) + y) * width * 3) + ((width / 4) * (i + 1) * 3);
                for (int x = 0; x < 64 * 3; x += 3)
                {
                    rgb[row + x] = (byte)(80 * i);
                    rgb[row + x + 1] = 200;
                    rgb[row + x + 2] = (byte)(255 - (80 * i));
                }
            }

            original[i] = encoder.EncodeToArray(rgb, VideoPixelFormat.Rgb24, width, height, 0, 80);
            sent[i] = StripHuffmanTables(original[i]);
            expected[i] = InsertMergedTables(original[i], sent[i]);
        }

        return (sent, expected, original);
    }

    /// <summary>The stripped frame with the original's DHT segments merged into one, placed right before SOS.</summary>
    private static byte[] InsertMergedTables(byte[] original, byte[] stripped)
    {
        var tables = Segments(original).Where(s => s.Marker == 0xC4).SelectMany(s => original[(s.Start + 4)..s.End]).ToArray();
        int sos = Segments(stripped).First(s => s.Marker == 0xDA).Start;
        byte[] header = [0xFF, 0xC4, (byte)((tables.Length + 2) >> 8), (byte)(tables.Length + 2)];
        return [.. stripped[..sos], .. header, .. tables, .. stripped[sos..]];
    }

    /// <summary>Marker segments from SOI up to and including SOS (SOS runs to the end of the data).</summary>
    private static IEnumerable<(byte Marker, int Start, int End)> Segments(byte[] jpeg)
    {
        yield return (0xD8, 0, 2);
        int i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            byte marker = jpeg[i + 1];
            if (marker == 0xDA)
            {
                yield return (marker, i, jpeg.Length);
                yield break;
            }

            int end = i + 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
            yield return (marker, i, end);
            i = end;
        }

        throw new InvalidDataException("no SOS marker in the test JPEG");
    }

    private (byte[][] Sent, byte[][] Expected, byte[][] Original) Get(int width, int height) =>
        _sets.GetOrAdd((width, height), size => Build(size.Width, size.Height));
}
