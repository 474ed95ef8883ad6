using System.Text;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Video;

/// <summary>The EDID file check before it goes to the HDMI receiver (VIDIOC_S_EDID): hex or binary, header, checksums, block count.</summary>
public sealed class EdidImageTests
{
    [Fact]
    public void BinaryAndHexText_GiveTheSameCheckedBytes()
    {
        var edid = Edid(extensions: 1);
        Assert.Equal(edid, EdidImage.Parse(edid));
        var hex = string.Join("\n", edid.Chunk(16).Select(line => string.Join(" ", line.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))));
        Assert.Equal(edid, EdidImage.Parse(Encoding.ASCII.GetBytes(hex + "\n")));
    }

    [Fact]
    public void WrongChecksum_Header_Length_OrExtensionCount_AreSaidPlainly()
    {
        var bad = Edid(extensions: 0);
        bad[20] ^= 1;
        Assert.Contains("block 0 has a wrong checksum", Assert.Throws<InvalidDataException>(() => EdidImage.Parse(bad)).Message, StringComparison.Ordinal);

        var notEdid = Edid(extensions: 0);
        notEdid[1] = 0;
        notEdid[127] = (byte)(notEdid[127] + 0xFF);
        Assert.Contains("does not start with 00 FF", Assert.Throws<InvalidDataException>(() => EdidImage.Parse(notEdid)).Message, StringComparison.Ordinal);

        Assert.Contains("has 100 bytes", Assert.Throws<InvalidDataException>(() => EdidImage.Parse(new byte[100])).Message, StringComparison.Ordinal);
        Assert.Contains("announces 1 extension", Assert.Throws<InvalidDataException>(() => EdidImage.Parse(Edid(extensions: 1).AsSpan(0, 128))).Message, StringComparison.Ordinal);
    }

    /// <summary>A syntactically valid EDID: the fixed header, some content, the extension count, and correct checksums.</summary>
    private static byte[] Edid(int extensions)
    {
        var edid = new byte[128 * (extensions + 1)];
        new Random(3).NextBytes(edid);
        new byte[] { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }.CopyTo(edid, 0);
        edid[126] = (byte)extensions;
        for (var block = 0; block <= extensions; block++)
        {
            var sum = edid.Skip(block * 128).Take(127).Sum(b => b);
            edid[block * 128 + 127] = (byte)((256 - sum % 256) % 256);
        }

        return edid;
    }
}
