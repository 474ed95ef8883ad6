namespace KvmPortal.Hardware.Atx;

/// <summary>A forced power-off always wins: it waits out a running click, joins a running forced off, and cancels a power cycle.</summary>
public abstract partial class AtxPowerBase
{
    /// <summary>
    /// Called by a forced power-off that found the region taken. Returns Joined when a forced power-off is already running;
    /// otherwise returns once this caller holds the region, with LedStale when the power LED cannot be trusted (a click was running,
    /// so the host may be switching on right now). A short click is never cut short (a truncated press is ambiguous to the mainboard).
    /// </summary>
    private async Task<(bool Joined, bool LedStale)> PreemptForForceOffAsync(bool wait, CancellationToken cancellationToken)
    {
        AtxRun? running;
        var ledStale = true;
        lock (_gate)
        {
            running = _running;
            if (running?.Kind == AtxRunKind.Cycle)
            {
                // In its pause the host is off and the LED says so; during one of its clicks it is as stale as after any click.
                ledStale = _clicking;
                running.Preempt();
            }
        }

        if (running?.Kind == AtxRunKind.ForceOff)
        {
            AtxLog.ForceOffJoined(Logger);
            if (wait)
            {
                await running.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return (true, false);
        }

        AtxLog.ForceOffWaiting(Logger, running?.Kind ?? AtxRunKind.Click);
        var limit = TimeSpan.FromMilliseconds(Math.Max(Options.ClickMs, Options.ResetClickMs) + Options.BusyAfterClickMs + 1000);
        using var timeout = new CancellationTokenSource(limit, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _region.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AtxBusyException();
        }

        return (false, ledStale);
    }
}
