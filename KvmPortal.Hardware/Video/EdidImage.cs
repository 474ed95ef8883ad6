using System.Globalization;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// An EDID to give an HDMI receiver: read from a binary file or from hex text (whitespace ignored, as PiKVM's EDID files), and checked:
/// whole 128-byte blocks (1 to 4), the fixed header, and every block's checksum (its bytes sum to 0 modulo 256).
/// </summary>
public static class EdidImage
{
    public const int BlockSize = 128;
    public const int MaxBlocks = 4;

    private static readonly byte[] Header = [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00];

    /// <summary>Reads and checks the EDID in <paramref name="path"/>; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static byte[] Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes);
    }

    /// <summary>Checks an EDID given as its bytes or as hex text; returns the bytes.</summary>
    public static byte[] Parse(ReadOnlySpan<byte> content)
    {
        var edid = LooksLikeHex(content) ? FromHex(content) : content.ToArray();
        if (edid.Length == 0 || edid.Length % BlockSize != 0 || edid.Length / BlockSize > MaxBlocks)
        {
            throw new InvalidDataException($"An EDID is 1 to {MaxBlocks} blocks of {BlockSize} bytes; this one has {edid.Length} bytes.");
        }

        if (!edid.AsSpan(0, Header.Length).SequenceEqual(Header))
        {
            throw new InvalidDataException("This is not an EDID: it does not start with 00 FF FF FF FF FF FF 00.");
        }

        for (var block = 0; block < edid.Length / BlockSize; block++)
        {
            var sum = 0;
            foreach (var b in edid.AsSpan(block * BlockSize, BlockSize))
            {
                sum += b;
            }

            if (sum % 256 != 0)
            {
                throw new InvalidDataException($"EDID block {block} has a wrong checksum (its bytes sum to {sum % 256} modulo 256, not 0).");
            }
        }

        var extensions = edid[126];
        if (extensions != edid.Length / BlockSize - 1)
        {
            throw new InvalidDataException($"The EDID's first block announces {extensions} extension block(s), but {edid.Length / BlockSize - 1} follow.");
        }

        return edid;
    }

    private static bool LooksLikeHex(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (!(char.IsAsciiHexDigit((char)b) || b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return content.Length > 0;
    }

    private static byte[] FromHex(ReadOnlySpan<byte> content)
    {
        var digits = new List<char>(content.Length);
        foreach (var b in content)
        {
            if (char.IsAsciiHexDigit((char)b))
            {
                digits.Add((char)b);
            }
        }

        if (digits.Count % 2 != 0)
        {
            throw new InvalidDataException("The EDID's hex text has an odd number of digits.");
        }

        var bytes = new byte[digits.Count / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(string.Concat(digits[2 * i], digits[2 * i + 1]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }
}
