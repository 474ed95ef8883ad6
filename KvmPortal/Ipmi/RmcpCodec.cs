using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KvmPortal.Ipmi;

/// <summary>
/// RMCP framing (4-byte header, class 7 = IPMI, class 6 = ASF), the IPMI 1.5 session header (only for session-less requests) and the
/// IPMI 2.0 / RMCP+ session header and trailer (spec 13.6, 13.8, 13.28.4). Parsing never throws: anything malformed is null/false.
/// </summary>
public static class RmcpCodec
{
    public const byte ClassAsf = 0x06;
    public const byte ClassIpmi = 0x07;
    public const byte AuthTypeNone = 0x00;
    public const byte AuthTypeRmcpPlus = 0x06;
    private const int V2HeaderEnd = 16;

    /// <summary>Gets the RMCP message class, or null when this is not an RMCP 1.0 datagram.</summary>
    public static byte? MessageClass(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 5 && datagram[0] == 0x06 && datagram[1] == 0x00 ? (byte)(datagram[3] & 0x1F) : null;

    /// <summary>Parses an IPMI 1.5 session-less message (auth type none, session 0); null otherwise.</summary>
    public static ReadOnlyMemory<byte>? ParseV15SessionLess(ReadOnlyMemory<byte> datagram)
    {
        var d = datagram.Span;
        if (d.Length < 14 || d[4] != AuthTypeNone || BinaryPrimitives.ReadUInt32LittleEndian(d[9..]) != 0)
        {
            return null;
        }

        int length = d[13];
        return d.Length < 14 + length ? null : datagram.Slice(14, length);
    }

    public static byte[] BuildV15SessionLess(ReadOnlySpan<byte> message)
    {
        var packet = new byte[14 + message.Length];
        packet[0] = 0x06;
        packet[2] = 0xFF;
        packet[3] = ClassIpmi;
        packet[4] = AuthTypeNone;
        packet[13] = (byte)message.Length;
        message.CopyTo(packet.AsSpan(14));
        return packet;
    }

    /// <summary>Parses the RMCP+ session header; null when the datagram is too short, uses OEM payloads or its lengths disagree.</summary>
    public static RmcpPlusHeader? ParseV2(ReadOnlySpan<byte> d)
    {
        if (d.Length < V2HeaderEnd || d[4] != AuthTypeRmcpPlus)
        {
            return null;
        }

        var type = d[5];
        var payloadType = (byte)(type & 0x3F);
        if (payloadType == 0x02)
        {
            return null; // OEM explicit: not offered
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(d[14..]);
        if (V2HeaderEnd + length > d.Length)
        {
            return null;
        }

        var authenticated = (type & 0x40) != 0;
        if (!authenticated && V2HeaderEnd + length != d.Length)
        {
            return null;
        }

        return new RmcpPlusHeader(payloadType, (type & 0x80) != 0, authenticated,
            BinaryPrimitives.ReadUInt32LittleEndian(d[6..]), BinaryPrimitives.ReadUInt32LittleEndian(d[10..]), V2HeaderEnd, length);
    }

    /// <summary>Checks the session trailer (integrity pad, pad length, next header) and the authcode with K1, in constant time.</summary>
    public static bool VerifyTrailer(ReadOnlySpan<byte> d, RmcpPlusHeader header, CipherSuite suite, ReadOnlySpan<byte> k1)
    {
        var trailer = header.PayloadOffset + header.PayloadLength;
        var authLength = suite.AuthCodeLength;
        var nextHeader = d.Length - authLength - 1;
        if (nextHeader - 1 < trailer || d[nextHeader] != 0x07)
        {
            return false;
        }

        int padLength = d[nextHeader - 1];
        if (padLength > 3 || trailer + padLength + 2 + authLength != d.Length)
        {
            return false;
        }

        var expected = suite.AuthCode(k1, d[4..(d.Length - authLength)]);
        return CryptographicOperations.FixedTimeEquals(expected, d[(d.Length - authLength)..]);
    }

    /// <summary>Builds an RMCP+ datagram; with <paramref name="suite"/> and keys it is encrypted and authenticated.</summary>
    public static byte[] BuildV2(byte payloadType, uint sessionId, uint sequence, ReadOnlySpan<byte> payload, CipherSuite? suite = null, byte[]? k1 = null, byte[]? aesKey = null)
    {
        var secured = suite is not null && k1 is not null && aesKey is not null;
        var body = secured ? IpmiCrypto.Encrypt(aesKey, payload) : payload.ToArray();
        var padLength = secured ? (4 - ((12 + body.Length + 2) % 4)) % 4 : 0;
        var authLength = secured ? suite!.AuthCodeLength : 0;
        var packet = new byte[V2HeaderEnd + body.Length + (secured ? padLength + 2 + authLength : 0)];
        packet[0] = 0x06;
        packet[2] = 0xFF;
        packet[3] = ClassIpmi;
        packet[4] = AuthTypeRmcpPlus;
        packet[5] = (byte)(payloadType | (secured ? 0xC0 : 0x00));
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(6), sessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(10), sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(14), (ushort)body.Length);
        body.CopyTo(packet.AsSpan(V2HeaderEnd));
        if (secured)
        {
            var trailer = V2HeaderEnd + body.Length;
            packet.AsSpan(trailer, padLength).Fill(0xFF);
            packet[trailer + padLength] = (byte)padLength;
            packet[trailer + padLength + 1] = 0x07;
            var code = suite!.AuthCode(k1, packet.AsSpan(4, packet.Length - 4 - authLength));
            code.CopyTo(packet.AsSpan(packet.Length - authLength));
        }

        return packet;
    }

    /// <summary>Answers an ASF Presence Ping with a Pong that says "IPMI supported"; null for any other ASF message.</summary>
    public static byte[]? AsfPong(ReadOnlySpan<byte> d)
    {
        if (d.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(d[4..]) != 4542 || d[8] != 0x80)
        {
            return null;
        }

        var pong = new byte[28];
        pong[0] = 0x06;
        pong[2] = 0xFF;
        pong[3] = ClassAsf;
        BinaryPrimitives.WriteUInt32BigEndian(pong.AsSpan(4), 4542);
        pong[8] = 0x40;
        pong[9] = d[9];
        pong[11] = 16;
        BinaryPrimitives.WriteUInt32BigEndian(pong.AsSpan(12), 4542);
        pong[20] = 0x81; // IPMI supported, ASF 1.0
        return pong;
    }
}
