using System.Globalization;

namespace KvmPortal.Tests.Deploy;

/// <summary>A small independent reader of the EDID fields the installer's generated EDID promises (VESA E-EDID 1.3, CTA-861).</summary>
public static class EdidDecoder
{
    /// <summary>Parses hex text (whitespace ignored), as v4l2-ctl --set-edid=file= reads it.</summary>
    public static byte[] ParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        return Enumerable.Range(0, hex.Length / 2)
            .Select(i => byte.Parse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Each 128-byte block sums to 0 modulo 256.</summary>
    public static bool ChecksumsValid(byte[] edid) =>
        edid.Chunk(128).All(block => block.Length == 128 && block.Sum(b => b) % 256 == 0);

    /// <summary>The detailed timing descriptors of the base block (pixel-clock ones; display descriptors skipped).</summary>
    public static IReadOnlyList<EdidTiming> DetailedTimings(byte[] edid)
    {
        ArgumentNullException.ThrowIfNull(edid);
        var timings = new List<EdidTiming>();
        for (var offset = 54; offset < 126; offset += 18)
        {
            var d = edid.AsSpan(offset, 18);
            var clock = (d[0] | (d[1] << 8)) * 10_000L;
            if (clock == 0)
            {
                continue;
            }

            var hActive = d[2] | ((d[4] >> 4) << 8);
            var hBlank = d[3] | ((d[4] & 0x0F) << 8);
            var vActive = d[5] | ((d[7] >> 4) << 8);
            var vBlank = d[6] | ((d[7] & 0x0F) << 8);
            timings.Add(new EdidTiming(hActive, vActive, clock, (double)clock / ((hActive + hBlank) * (vActive + vBlank))));
        }

        return timings;
    }

    /// <summary>The video identification codes (VICs) of the CTA-861 extension's video data block.</summary>
    public static IReadOnlyList<int> CtaVics(byte[] edid)
    {
        ArgumentNullException.ThrowIfNull(edid);
        var vics = new List<int>();
        if (edid.Length < 256 || edid[128] != 0x02)
        {
            return vics;
        }

        var end = 128 + edid[130];
        for (var i = 132; i < end;)
        {
            var tag = edid[i] >> 5;
            var length = edid[i] & 0x1F;
            if (tag == 2)
            {
                vics.AddRange(edid.Skip(i + 1).Take(length).Select(v => v & 0x7F));
            }

            i += length + 1;
        }

        return vics;
    }
}
