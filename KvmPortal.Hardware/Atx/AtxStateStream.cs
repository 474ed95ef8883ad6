using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace KvmPortal.Hardware.Atx;

/// <summary>The <see cref="IAtxPower.WatchAsync"/> of the backends that raise <see cref="IAtxPower.StateChanged"/>.</summary>
internal static class AtxStateStream
{
    /// <summary>Yields the current state, then every change; <paramref name="options"/> says how many a slow reader may fall behind (and what is dropped).</summary>
    public static async IAsyncEnumerable<AtxState> WatchAsync(IAtxPower atx, BoundedChannelOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AtxState>(options);
        void OnChanged(object? sender, AtxState state) => channel.Writer.TryWrite(state);
        atx.StateChanged += OnChanged;
        try
        {
            yield return atx.State;
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var state))
                {
                    yield return state;
                }
            }
        }
        finally
        {
            atx.StateChanged -= OnChanged;
        }
    }
}
