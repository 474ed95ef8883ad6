using System.Globalization;
using System.Text;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// Turns a port's raw records into text lines for search and download: UTF-8 (invalid bytes replaced), terminal escape sequences
/// (CSI, OSC, two-byte ESC) and other control characters except tab dropped, carriage returns ignored, each line stamped with the time
/// its first byte arrived.
/// </summary>
public static class SerialLogText
{
    private const int MaxLineBytes = 16 * 1024;

    /// <summary>The lines of <paramref name="records"/>, oldest first; a last line without newline is included.</summary>
    public static IEnumerable<SerialLogLine> Lines(IEnumerable<SerialLogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var line = new List<byte>(256);
        DateTimeOffset? started = null;
        foreach (var record in records)
        {
            foreach (var b in record.Data)
            {
                started ??= record.Time;
                if (b == (byte)'\n' || line.Count >= MaxLineBytes)
                {
                    yield return new SerialLogLine(started.Value, Clean(line));
                    line.Clear();
                    started = b == (byte)'\n' ? null : record.Time;
                    if (b == (byte)'\n')
                    {
                        continue;
                    }
                }

                line.Add(b);
            }
        }

        if (line.Count > 0 && started is { } time)
        {
            yield return new SerialLogLine(time, Clean(line));
        }
    }

    /// <summary>Lines containing <paramref name="query"/> (case-insensitive), newest last, at most <paramref name="limit"/> (the newest ones).</summary>
    public static IReadOnlyList<SerialLogLine> Search(IEnumerable<SerialLogRecord> records, string query, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var hits = new Queue<SerialLogLine>();
        foreach (var line in Lines(records))
        {
            if (line.Text.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                hits.Enqueue(line);
                if (hits.Count > limit)
                {
                    hits.Dequeue();
                }
            }
        }

        return [.. hits];
    }

    /// <summary>Writes every line as <c>2026-12-05T01:02:03.456Z text</c> (UTF-8, LF).</summary>
    public static async Task WriteAsync(IEnumerable<SerialLogRecord> records, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        await using (writer)
        {
            foreach (var line in Lines(records))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(Format(line).AsMemory(), cancellationToken);
            }
        }
    }

    /// <summary>Formats one line for the text download.</summary>
    public static string Format(SerialLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + line.Text;
    }

    /// <summary>Decodes one raw line and removes escape sequences and control characters.</summary>
    public static string Clean(IReadOnlyList<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = Encoding.UTF8.GetString(raw is List<byte> list ? [.. list] : [.. raw]);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\x1b')
            {
                i = SkipEscape(text, i);
                continue;
            }

            if (c == '\b')
            {
                if (result.Length > 0)
                {
                    result.Length--;
                }

                continue;
            }

            if (c == '\t' || !char.IsControl(c))
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Returns the index of the last character of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int SkipEscape(string text, int start)
    {
        if (start + 1 >= text.Length)
        {
            return start;
        }

        var kind = text[start + 1];
        if (kind == '[')
        {
            // CSI: parameters and intermediates, then a final byte 0x40-0x7e.
            for (var i = start + 2; i < text.Length; i++)
            {
                if (text[i] is >= '@' and <= '~')
                {
                    return i;
                }
            }

            return text.Length - 1;
        }

        if (kind == ']')
        {
            // OSC: up to BEL or ESC \.
            for (var i = start + 2; i < text.Length; i++)
            {
                if (text[i] == '\a')
                {
                    return i;
                }

                if (text[i] == '\x1b' && i + 1 < text.Length && text[i + 1] == '\\')
                {
                    return i + 1;
                }
            }

            return text.Length - 1;
        }

        return start + 1;
    }
}
