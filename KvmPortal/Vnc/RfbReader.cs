using System.Buffers.Binary;
using System.Text;

namespace KvmPortal.Vnc;

/// <summary>Big-endian reads of exact sizes from an RFB stream (a short read is the peer going away).</summary>
internal sealed class RfbReader(Stream stream)
{
    private readonly byte[] _scratch = new byte[16];

    public Stream Stream { get; set; } = stream;

    public async ValueTask ReadExactAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await Stream.ReadExactlyAsync(buffer, cancellationToken);

    public async ValueTask<byte> U8Async(CancellationToken cancellationToken)
    {
        await Stream.ReadExactlyAsync(_scratch.AsMemory(0, 1), cancellationToken);
        return _scratch[0];
    }

    public async ValueTask<ushort> U16Async(CancellationToken cancellationToken)
    {
        await Stream.ReadExactlyAsync(_scratch.AsMemory(0, 2), cancellationToken);
        return BinaryPrimitives.ReadUInt16BigEndian(_scratch);
    }

    public async ValueTask<uint> U32Async(CancellationToken cancellationToken)
    {
        await Stream.ReadExactlyAsync(_scratch.AsMemory(0, 4), cancellationToken);
        return BinaryPrimitives.ReadUInt32BigEndian(_scratch);
    }

    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        var chunk = new byte[Math.Min(count, 8192)];
        while (count > 0)
        {
            var n = (int)Math.Min(count, chunk.Length);
            await Stream.ReadExactlyAsync(chunk.AsMemory(0, n), cancellationToken);
            count -= n;
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes of text (UTF-8 or Latin-1); the caller bounds the length.</summary>
    public async ValueTask<string> TextAsync(int length, Encoding encoding, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        try
        {
            await Stream.ReadExactlyAsync(bytes, cancellationToken);
            return encoding.GetString(bytes);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
