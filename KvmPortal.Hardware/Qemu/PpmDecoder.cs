namespace KvmPortal.Hardware.Qemu;

/// <summary>Decodes binary PPM (P6, maxval 255) as QEMU's <c>screendump</c> writes it: "P6\n{w} {h}\n255\n" then RGB24 rows.</summary>
public static class PpmDecoder
{
    /// <summary>Reads the header.</summary>
    /// <returns>Width, height and the offset of the first pixel byte.</returns>
    /// <exception cref="FormatException">Not a P6/255 PPM, or truncated.</exception>
    public static (int Width, int Height, int PixelOffset) ReadHeader(ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (NextToken(data, ref position) != "P6")
        {
            throw new FormatException("not a binary PPM (P6)");
        }

        var width = ParsePositive(NextToken(data, ref position));
        var height = ParsePositive(NextToken(data, ref position));
        if (NextToken(data, ref position) != "255")
        {
            throw new FormatException("only 8-bit PPM (maxval 255) is supported");
        }

        position++; // exactly one whitespace byte after maxval
        if ((long)width * height * 3 > data.Length - position)
        {
            throw new FormatException($"PPM pixel data truncated: {width}x{height} needs {(long)width * height * 3} bytes");
        }

        return (width, height, position);
    }

    private static int ParsePositive(string token) =>
        int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 16384
            ? value
            : throw new FormatException($"bad PPM dimension '{token}'");

    private static string NextToken(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else if (data[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                position++;
            }
            else
            {
                break;
            }
        }

        var start = position;
        while (position < data.Length && data[position] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#') && position - start < 16)
        {
            position++;
        }

        return position > start ? System.Text.Encoding.ASCII.GetString(data[start..position]) : throw new FormatException("PPM header truncated");
    }
}
