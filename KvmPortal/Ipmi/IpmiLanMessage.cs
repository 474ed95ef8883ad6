namespace KvmPortal.Ipmi;

/// <summary>
/// An IPMI LAN request message (spec 13.8): responder address, net function / LUN, checksum, requester address, sequence / LUN,
/// command, data, checksum. <see cref="Parse"/> rejects bad checksums; <see cref="Response"/> builds the matching answer.
/// </summary>
public sealed record IpmiLanMessage(byte ResponderAddress, byte NetFn, byte ResponderLun, byte RequesterAddress, byte Sequence, byte RequesterLun, byte Command, byte[] Data)
{
    public static IpmiLanMessage? Parse(ReadOnlySpan<byte> m)
    {
        if (m.Length < 7 || Sum(m[..3]) != 0 || Sum(m[3..]) != 0)
        {
            return null;
        }

        return new IpmiLanMessage(m[0], (byte)(m[1] >> 2), (byte)(m[1] & 3), m[3], (byte)(m[4] >> 2), (byte)(m[4] & 3), m[5], m[6..^1].ToArray());
    }

    /// <summary>The response: completion code first, then <paramref name="data"/>.</summary>
    public byte[] Response(byte completionCode, ReadOnlySpan<byte> data)
    {
        var r = new byte[8 + data.Length];
        r[0] = RequesterAddress;
        r[1] = (byte)(((NetFn | 1) << 2) | RequesterLun);
        r[2] = Checksum(r.AsSpan(0, 2));
        r[3] = ResponderAddress;
        r[4] = (byte)((Sequence << 2) | ResponderLun);
        r[5] = Command;
        r[6] = completionCode;
        data.CopyTo(r.AsSpan(7));
        r[^1] = Checksum(r.AsSpan(3, r.Length - 4));
        return r;
    }

    public static byte Checksum(ReadOnlySpan<byte> bytes) => (byte)(0x100 - Sum(bytes));

    private static byte Sum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum;
    }
}
