using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// A small RFB 3.8 client written for the tests from rfbproto (independent of the server's code): VeNCrypt X509Plain / Plain and VNC
/// Authentication, SetEncodings, update requests, Raw and Tight/JPEG rectangles into an RGB framebuffer, keys, QEMU keys, pointer.
/// </summary>
public sealed class RfbTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private Stream _stream = Stream.Null;

    public int Width { get; private set; }

    public int Height { get; private set; }

    public byte[] Rgb { get; private set; } = [];

    public long BytesReceived { get; private set; }

    public List<int> LastEncodings { get; } = [];

    public byte[] SecurityTypes { get; private set; } = [];

    public string? FailureReason { get; private set; }

    public bool QemuKeysAcknowledged { get; private set; }

    public static async Task<RfbTestClient> ConnectAsync(int port)
    {
        var client = new RfbTestClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    /// <summary>Speaks RFB over an already open stream (a WebSocket).</summary>
    public static RfbTestClient Over(Stream stream) => new() { _stream = stream };

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

    public Task SetEncodingsAsync(params int[] encodings)
    {
        var message = new byte[4 + (encodings.Length * 4)];
        message[0] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)encodings.Length);
        for (var i = 0; i < encodings.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4 + (i * 4)), encodings[i]);
        }

        return WriteAsync(message);
    }

    public Task RequestAsync(bool incremental)
    {
        var m = new byte[10];
        m[0] = 3;
        m[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(6), (ushort)Width);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(8), (ushort)Height);
        return WriteAsync(m);
    }

    public Task KeyAsync(uint keysym, bool down) => WriteAsync([4, down ? (byte)1 : (byte)0, 0, 0, .. U32(keysym)]);

    public Task QemuKeyAsync(uint keysym, uint keycode, bool down) => WriteAsync([255, 0, 0, down ? (byte)1 : (byte)0, .. U32(keysym), .. U32(keycode)]);

    public Task PointerAsync(byte mask, int x, int y)
    {
        var m = new byte[6];
        m[0] = 5;
        m[1] = mask;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), (ushort)y);
        return WriteAsync(m);
    }

    public Task CutTextAsync(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        return WriteAsync([6, 0, 0, 0, .. U32((uint)bytes.Length), .. bytes]);
    }

    /// <summary>Types ASCII text as keysym presses and releases.</summary>
    public async Task TypeAsync(string text)
    {
        foreach (var c in text)
        {
            var keysym = c == '\n' ? 0xFF0Du : c;
            await KeyAsync(keysym, true);
            await KeyAsync(keysym, false);
        }
    }

    /// <summary>Reads one FramebufferUpdate into <see cref="Rgb"/>; returns its size in bytes.</summary>
    public async Task<int> ReadUpdateAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var before = BytesReceived;
        var header = await ReadAsync(4, cts.Token);
        Assert.Equal(0, header[0]);
        int rects = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        LastEncodings.Clear();
        for (var i = 0; i < rects; i++)
        {
            var r = await ReadAsync(12, cts.Token);
            int x = BinaryPrimitives.ReadUInt16BigEndian(r), y = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(2));
            int w = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(4)), h = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(6));
            var encoding = BinaryPrimitives.ReadInt32BigEndian(r.AsSpan(8));
            LastEncodings.Add(encoding);
            switch (encoding)
            {
                case -224: // LastRect
                    return (int)(BytesReceived - before);
                case -258:
                    QemuKeysAcknowledged = true;
                    break;
                case -223:
                    Resize(w, h);
                    break;
                case -308:
                    var screens = (await ReadAsync(4, cts.Token))[0];
                    _ = await ReadAsync(screens * 16, cts.Token);
                    if (x == 0)
                    {
                        Resize(w, h);
                    }

                    break;
                case 0:
                    var raw = await ReadAsync(w * h * 4, cts.Token);
                    for (var row = 0; row < h; row++)
                    {
                        for (var col = 0; col < w; col++)
                        {
                            var s = ((row * w) + col) * 4;
                            var d = (((y + row) * Width) + x + col) * 3;
                            Rgb[d] = raw[s + 2];
                            Rgb[d + 1] = raw[s + 1];
                            Rgb[d + 2] = raw[s];
                        }
                    }

                    break;
                case 7:
                    Assert.Equal(0x90, (await ReadAsync(1, cts.Token))[0]);
                    var length = 0;
                    for (var shift = 0; shift < 21; shift += 7)
                    {
                        var b = (await ReadAsync(1, cts.Token))[0];
                        length |= (b & 0x7F) << shift;
                        if ((b & 0x80) == 0 || shift == 14)
                        {
                            break;
                        }
                    }

                    var pixels = JpegInspector.DecodeRgb24(await ReadAsync(length, cts.Token), out var jpegHeader);
                    Assert.Equal((w, h), (jpegHeader.Width, jpegHeader.Height));
                    for (var row = 0; row < h; row++)
                    {
                        pixels.AsSpan(row * w * 3, w * 3).CopyTo(Rgb.AsSpan((((y + row) * Width) + x) * 3));
                    }

                    break;
                default:
                    Assert.Fail($"unexpected encoding {encoding}");
                    break;
            }
        }

        return (int)(BytesReceived - before);
    }

    public async Task<bool> IsClosedAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private void Resize(int w, int h)
    {
        Width = w;
        Height = h;
        Rgb = new byte[w * h * 3];
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

    private async Task<byte[]> ReadAsync(int count, CancellationToken ct = default)
    {
        var b = new byte[count];
        await _stream.ReadExactlyAsync(b, ct);
        BytesReceived += count;
        return b;
    }

    private async Task WriteAsync(byte[] data)
    {
        await _stream.WriteAsync(data);
        await _stream.FlushAsync();
    }

    private static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }
}
