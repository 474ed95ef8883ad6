namespace KvmPortal.Hardware.Atx;

/// <summary>LED sensing driven by edge events (the Gpio backend) instead of polling.</summary>
public abstract partial class AtxPowerBase
{
    private ITimer? _settleTimer;

    /// <summary>
    /// Takes the first LED reading and from then on reads the LEDs on each edge (<see cref="OnLedEdge"/>) and once more when a new
    /// level has held for the debounce time. Derived constructors call it (instead of <see cref="StartPolling"/>) once their
    /// edge-detecting lines are ready.
    /// </summary>
    protected void StartEdgeSensing()
    {
        Poll();
        _settleTimer = Time.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called by the backend for every edge on an LED line (any thread). Edges before <see cref="StartEdgeSensing"/> are ignored.</summary>
    protected void OnLedEdge()
    {
        if (Volatile.Read(ref _settleTimer) is not { } timer)
        {
            return;
        }

        Poll();
        ArmSettle(timer);
    }

    private void Settle()
    {
        Poll();
        if (Volatile.Read(ref _settleTimer) is { } timer && LedsPending())
        {
            ArmSettle(timer);
        }
    }

    private void ArmSettle(ITimer timer)
    {
        try
        {
            timer.Change(TimeSpan.FromMilliseconds(Options.LedDebounceMs), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while an edge came in.
        }
    }

    private bool LedsPending()
    {
        lock (_gate)
        {
            return _powerLed.Pending || _hddLed.Pending;
        }
    }
}
