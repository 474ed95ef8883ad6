using System.Security.Cryptography;

namespace KvmPortal.Ipmi;

/// <summary>
/// An RMCP+ cipher suite: authentication (RAKP) algorithm, integrity algorithm and confidentiality algorithm (spec table 22-20).
/// KvmPortal offers only suites with an HMAC and AES-CBC-128: 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96) and 17 (RAKP-HMAC-SHA256,
/// HMAC-SHA256-128). Suite 0 (no authentication) and every suite without encryption are refused.
/// </summary>
public sealed record CipherSuite(byte Id, byte Authentication, byte Integrity, byte Confidentiality)
{
    public const byte RakpHmacSha1 = 0x01;
    public const byte RakpHmacSha256 = 0x03;
    public const byte HmacSha196 = 0x01;
    public const byte HmacSha256128 = 0x04;
    public const byte AesCbc128 = 0x01;

    public static CipherSuite Suite3 { get; } = new(3, RakpHmacSha1, HmacSha196, AesCbc128);

    public static CipherSuite Suite17 { get; } = new(17, RakpHmacSha256, HmacSha256128, AesCbc128);

    public static IReadOnlyList<CipherSuite> Supported { get; } = [Suite17, Suite3];

    /// <summary>Gets the length of an integrity authcode on the wire (12 for HMAC-SHA1-96, 16 for HMAC-SHA256-128).</summary>
    public int AuthCodeLength => Integrity == HmacSha196 ? 12 : 16;

    /// <summary>Gets the length of RAKP 4's integrity check value (12 for SHA1, 16 for SHA256).</summary>
    public int Rakp4Length => Authentication == RakpHmacSha1 ? 12 : 16;

    /// <summary>Finds the supported suite with exactly these algorithms; null when none (the RMCP+ "no cipher suite match").</summary>
    public static CipherSuite? Match(byte authentication, byte integrity, byte confidentiality) =>
        Supported.FirstOrDefault(s => s.Authentication == authentication && s.Integrity == integrity && s.Confidentiality == confidentiality);

    /// <summary>The RAKP HMAC (full length) with the authentication algorithm.</summary>
#pragma warning disable CA5350 // HMAC-SHA1 is what cipher suite 3 (the one every IPMI 2.0 BMC must offer) specifies; suite 17 uses SHA-256.
    public byte[] Rakp(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        Authentication == RakpHmacSha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);

    /// <summary>The packet authcode: the integrity HMAC truncated to <see cref="AuthCodeLength"/>.</summary>
    public byte[] AuthCode(ReadOnlySpan<byte> k1, ReadOnlySpan<byte> data)
    {
        var full = Integrity == HmacSha196 ? HMACSHA1.HashData(k1, data) : HMACSHA256.HashData(k1, data);
        return full[..AuthCodeLength];
    }
#pragma warning restore CA5350

    /// <summary>The cipher-suite record of Get Channel Cipher Suites: start of record, id, and the three algorithm tags.</summary>
    public byte[] Record() => [0xC0, Id, Authentication, (byte)(0x40 | Integrity), (byte)(0x80 | Confidentiality)];
}
