namespace KvmPortal.Hardware.Serial;

/// <summary>
/// Writes one input message to a port at a pace a console without flow control keeps up with: lines apart by
/// <see cref="SerialOptions.PasteLineDelayMs"/>, and with <see cref="SerialOptions.PasteCharDelayMs"/> each character (a whole UTF-8
/// sequence) apart by that. The input rules are asked again before every piece, so a paste stops where control was lost. Used by the
/// web terminal and IPMI Serial-over-LAN.
/// </summary>
public static class SerialInputPacer
{
    /// <summary>Writes <paramref name="input"/>; returns the bytes written and, when it stopped early, why (<paramref name="refusal"/>'s answer).</summary>
    public static async Task<(int Written, string? Refused)> WriteAsync(
        ISerialConsole port, ReadOnlyMemory<byte> input, SerialOptions options, Func<string?> refusal, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(refusal);
        var lineDelay = TimeSpan.FromMilliseconds(options.PasteLineDelayMs);
        var charDelay = TimeSpan.FromMilliseconds(options.PasteCharDelayMs);
        var written = 0;
        var lines = SerialInputLines.Split(input);
        for (var i = 0; i < lines.Count; i++)
        {
            var pieces = charDelay > TimeSpan.Zero ? Characters(lines[i]) : [lines[i]];
            for (var j = 0; j < pieces.Count; j++)
            {
                var pause = j > 0 ? charDelay : i > 0 ? (lineDelay > charDelay ? lineDelay : charDelay) : TimeSpan.Zero;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, time, cancellationToken);
                }

                if (refusal() is { } refused)
                {
                    return (written, refused);
                }

                await port.WriteAsync(pieces[j], cancellationToken);
                written += pieces[j].Length;
            }
        }

        return (written, null);
    }

    /// <summary>Splits UTF-8 into characters (a lead byte and its continuation bytes stay together).</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Characters(ReadOnlyMemory<byte> utf8)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var span = utf8.Span;
        var start = 0;
        for (var i = 1; i <= span.Length; i++)
        {
            if (i == span.Length || (span[i] & 0xC0) != 0x80)
            {
                pieces.Add(utf8[start..i]);
                start = i;
            }
        }

        return pieces;
    }
}
