using System.Security.Cryptography;

namespace KvmPortal.Vnc;

/// <summary>
/// Classic VNC Authentication: the 16-byte challenge encrypted with DES (ECB) under the password's first 8 bytes, each byte's bits
/// mirrored (the protocol's historic quirk). DES is broken; this exists only because old clients know nothing else.
/// </summary>
internal static class VncDes
{
    public const int ChallengeLength = 16;

    /// <summary>Computes the expected response; null when the password makes a DES weak key (such a password is refused when set).</summary>
    public static byte[]? Response(ReadOnlySpan<byte> password, ReadOnlySpan<byte> challenge)
    {
        var key = new byte[8];
        for (var i = 0; i < Math.Min(8, password.Length); i++)
        {
            key[i] = Mirror(password[i]);
        }

        try
        {
#pragma warning disable CA5351 // RFB's VNC Authentication is DES by definition; it is off unless an admin enables it.
            using var des = DES.Create();
#pragma warning restore CA5351
            des.Key = key;
            return des.EncryptEcb(challenge, PaddingMode.None);
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            Array.Clear(key);
        }
    }

    private static byte Mirror(byte b)
    {
        var r = 0;
        for (var bit = 0; bit < 8; bit++)
        {
            r |= ((b >> bit) & 1) << (7 - bit);
        }

        return (byte)r;
    }
}
