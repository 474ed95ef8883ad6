using System.Threading.Channels;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// A live view of a port's output: the recent <see cref="Tail"/> then every chunk in <see cref="Output"/>. A subscriber that falls more
/// than <see cref="Capacity"/> chunks behind is cut off (its reader completes and <see cref="Overflowed"/> is set) instead of holding up
/// the port; it may subscribe again and gets the log's tail.
/// </summary>
public sealed class SerialSubscription : IDisposable
{
    /// <summary>Chunks a subscriber may fall behind.</summary>
    public const int Capacity = 4096;

    private readonly Channel<ReadOnlyMemory<byte>> _channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Action<SerialSubscription> _unsubscribe;
    private int _disposed;

    internal SerialSubscription(byte[] tail, Action<SerialSubscription> unsubscribe)
    {
        Tail = tail;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Gets the last bytes from the log at the moment of subscribing.</summary>
    public byte[] Tail { get; }

    /// <summary>Gets the chunks received after <see cref="Tail"/>.</summary>
    public ChannelReader<ReadOnlyMemory<byte>> Output => _channel.Reader;

    /// <summary>Gets a value indicating whether this subscriber fell too far behind and was cut off.</summary>
    public bool Overflowed { get; private set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }

    /// <summary>Delivers a chunk; returns false (and completes the reader) when the subscriber is too far behind.</summary>
    internal bool Deliver(ReadOnlyMemory<byte> chunk)
    {
        if (_channel.Writer.TryWrite(chunk))
        {
            return true;
        }

        Overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();
}
