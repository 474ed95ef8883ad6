using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KvmPortal.Tests.Vnc;

/// <content>The handshake: version exchange (3.8 or 3.3), VeNCrypt or VNC Authentication, SecurityResult, ClientInit and ServerInit.</content>
public sealed partial class RfbTestClient
{
    /// <summary>Version exchange and the server's security type list; returns the types offered (empty: refused, reason read).</summary>
    public async Task<byte[]> StartAsync(string version = "RFB 003.008\n")
    {
        var server = await ReadAsync(12);
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(server));
        await WriteAsync(Encoding.ASCII.GetBytes(version));
        var count = (await ReadAsync(1))[0];
        SecurityTypes = await ReadAsync(count);
        if (count == 0)
        {
            FailureReason = await ReadStringAsync();
        }

        return SecurityTypes;
    }

    /// <summary>Speaks RFB 3.3: the server names the security type (a U32) instead of offering a list.</summary>
    public async Task<uint> StartAsync33Async()
    {
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(await ReadAsync(12)));
        await WriteAsync(Encoding.ASCII.GetBytes("RFB 003.003\n"));
        var type = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4));
        Assert.Equal(2u, type);
        return type;
    }

    /// <summary>VeNCrypt with X509Plain (TLS trusting only <paramref name="ca"/>) or Plain; true when SecurityResult is OK.</summary>
    public async Task<bool> VeNCryptAsync(string user, string password, X509Certificate2? ca, uint subtype = 262, bool trustAny = false)
    {
        await WriteAsync([19]);
        Assert.Equal([0, 2], await ReadAsync(2));
        await WriteAsync([0, 2]);
        Assert.Equal(0, (await ReadAsync(1))[0]);
        var n = (await ReadAsync(1))[0];
        var subtypes = await ReadAsync(n * 4);
        Assert.Contains(subtype, Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadUInt32BigEndian(subtypes.AsSpan(i * 4))));
        await WriteAsync(U32(subtype));
        if (subtype is 262 or 261)
        {
            Assert.Equal(1, (await ReadAsync(1))[0]);
            var tls = new SslStream(_stream, false, (_, cert, _, _) => trustAny || ca is not null && cert is not null && new X509Certificate2(cert).Thumbprint == ca.Thumbprint);
            await tls.AuthenticateAsClientAsync("localhost");
            _stream = tls;
        }

        var u = Encoding.UTF8.GetBytes(user);
        var p = Encoding.UTF8.GetBytes(password);
        await WriteAsync([.. U32((uint)u.Length), .. U32((uint)p.Length), .. u, .. p]);
        return await SecurityResultAsync();
    }

    /// <summary>VNC Authentication (type 2 chosen from the 3.7+ list, or given by a 3.3 server).</summary>
    public async Task<bool> VncAuthAsync(string password, bool choose = true)
    {
        if (choose)
        {
            await WriteAsync([2]);
        }

        var challenge = await ReadAsync(16);
        var key = new byte[8];
        Encoding.ASCII.GetBytes(password).AsSpan(0, Math.Min(8, password.Length)).CopyTo(key);
        for (var i = 0; i < 8; i++)
        {
            key[i] = (byte)(((key[i] * 0x0202020202UL) & 0x010884422010UL) % 1023); // bit reversal of a byte
        }

#pragma warning disable CA5351 // the protocol under test is DES
        using var des = DES.Create();
#pragma warning restore CA5351
        des.Key = key;
        await WriteAsync(des.EncryptEcb(challenge, PaddingMode.None));
        return await SecurityResultAsync();
    }

    /// <summary>ClientInit (shared) and ServerInit.</summary>
    public async Task InitAsync()
    {
        await WriteAsync([1]);
        var init = await ReadAsync(24);
        Width = BinaryPrimitives.ReadUInt16BigEndian(init);
        Height = BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(2));
        Assert.Equal(32, init[4]);
        var nameLength = BinaryPrimitives.ReadInt32BigEndian(init.AsSpan(20));
        _ = await ReadAsync(nameLength);
        Rgb = new byte[Width * Height * 3];
    }

    private async Task<bool> SecurityResultAsync()
    {
        var result = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4));
        if (result != 0)
        {
            FailureReason = await ReadStringAsync();
        }

        return result == 0;
    }

    private async Task<string> ReadStringAsync()
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(await ReadAsync(4));
        return Encoding.UTF8.GetString(await ReadAsync(length));
    }
}
