using System.Security.Cryptography;

namespace KvmPortal.Ipmi;

/// <summary>AES-CBC-128 with IPMI's confidentiality header and trailer (spec 13.29): a random 16-byte IV, then the payload padded with 1, 2, 3… and a pad-length byte.</summary>
public static class IpmiCrypto
{
    private const int Block = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plain)
    {
        var padLength = (Block - ((plain.Length + 1) % Block)) % Block;
        var padded = new byte[plain.Length + padLength + 1];
        plain.CopyTo(padded);
        for (var i = 0; i < padLength; i++)
        {
            padded[plain.Length + i] = (byte)(i + 1);
        }

        padded[^1] = (byte)padLength;
        var result = new byte[Block + padded.Length];
        RandomNumberGenerator.Fill(result.AsSpan(0, Block));
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        aes.EncryptCbc(padded, result.AsSpan(0, Block), result.AsSpan(Block), PaddingMode.None);
        return result;
    }

    /// <summary>Decrypts an IV + ciphertext payload; null when the length or the padding is wrong.</summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2 * Block || payload.Length % Block != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var plain = aes.DecryptCbc(payload[Block..], payload[..Block], PaddingMode.None);
        int padLength = plain[^1];
        if (padLength >= Block || padLength + 1 > plain.Length)
        {
            return null;
        }

        var length = plain.Length - 1 - padLength;
        for (var i = 0; i < padLength; i++)
        {
            if (plain[length + i] != i + 1)
            {
                return null;
            }
        }

        return plain[..length];
    }
}
