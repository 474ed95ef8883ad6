namespace KvmPortal.Hardware.Atx;

/// <summary>
/// The target server's power and reset buttons and its power and HDD LEDs. One action runs at a time: a concurrent one throws
/// <see cref="AtxBusyException"/>, except a forced power-off (OffHard, or a long power click), which always wins: it waits out a
/// running click (then ignores the not yet settled LED), joins a running forced power-off, or cancels a power cycle.
/// With <c>wait</c> false an action returns as soon as its click has started.
/// </summary>
public interface IAtxPower
{
    /// <summary>Raised on every LED edge and busy change.</summary>
    event EventHandler<AtxState>? StateChanged;

    /// <summary>Gets the current state.</summary>
    AtxState State { get; }

    /// <summary>Yields the current state, then every change, until cancelled.</summary>
    IAsyncEnumerable<AtxState> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Performs <paramref name="action"/> if the power LED says it is needed.</summary>
    /// <returns>True when a click was performed, false when the LED showed nothing to do.</returns>
    Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken);

    /// <summary>Performs a raw click regardless of the LEDs.</summary>
    Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken);

    /// <summary>A real power cycle: a long click when on, a configurable pause, then a short click to power on again.</summary>
    Task PowerCycleAsync(bool wait, CancellationToken cancellationToken);
}
