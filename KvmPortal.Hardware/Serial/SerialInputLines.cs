namespace KvmPortal.Hardware.Serial;

/// <summary>Splits terminal input into lines for the paste pacing: each piece ends after CR, LF or CRLF; the last may end without one.</summary>
public static class SerialInputLines
{
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> input)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var span = input.Span;
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is not ((byte)'\r' or (byte)'\n'))
            {
                continue;
            }

            var end = span[i] == (byte)'\r' && i + 1 < span.Length && span[i + 1] == (byte)'\n' ? i + 2 : i + 1;
            pieces.Add(input[start..end]);
            start = end;
            i = end - 1;
        }

        if (start < span.Length)
        {
            pieces.Add(input[start..]);
        }

        return pieces;
    }
}
