using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// A small RFB 3.8 client written for the tests from rfbproto (independent of the server's code): VeNCrypt X509Plain / Plain and VNC
/// Authentication, SetEncodings, update requests, Raw and Tight/JPEG rectangles into an RGB framebuffer, keys, QEMU keys, pointer.
/// </summary>
public sealed partial class RfbTestClient : IAsyncDisposable
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

    /// <summary>Sends raw bytes (a message header with a length the server must refuse, for example).</summary>
    public Task SendRawAsync(params byte[] data) => WriteAsync(data);

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
