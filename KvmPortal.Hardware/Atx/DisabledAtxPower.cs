using System.Runtime.CompilerServices;

namespace KvmPortal.Hardware.Atx;

/// <summary>ATX control switched off: the state says so and every action throws <see cref="AtxDisabledException"/>.</summary>
public sealed class DisabledAtxPower : IAtxPower
{
    /// <inheritdoc/>
    public event EventHandler<AtxState>? StateChanged
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public AtxState State { get; } = new(Enabled: false, Busy: false, PowerLed: false, HddLed: false);

    /// <inheritdoc/>
    public async IAsyncEnumerable<AtxState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return State;
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken) =>
        Task.FromException<bool>(new AtxDisabledException());

    /// <inheritdoc/>
    public Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken) => Task.FromException(new AtxDisabledException());

    /// <inheritdoc/>
    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) => Task.FromException(new AtxDisabledException());
}
