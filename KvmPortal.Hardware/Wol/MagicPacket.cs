namespace KvmPortal.Hardware.Wol;

/// <summary>The Wake-on-LAN magic packet: 6 bytes of 0xFF, then the target MAC repeated 16 times (102 bytes).</summary>
public static class MagicPacket
{
    /// <summary>The packet length.</summary>
    public const int Length = 6 + (16 * 6);

    /// <summary>Builds the magic packet for <paramref name="mac"/>.</summary>
    public static byte[] Build(ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6)
        {
            throw new ArgumentException("A MAC address has 6 bytes.", nameof(mac));
        }

        var packet = new byte[Length];
        packet.AsSpan(0, 6).Fill(0xFF);
        for (var i = 0; i < 16; i++)
        {
            mac.CopyTo(packet.AsSpan(6 + (i * 6)));
        }

        return packet;
    }
}
