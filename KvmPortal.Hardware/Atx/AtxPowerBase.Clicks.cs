namespace KvmPortal.Hardware.Atx;

/// <summary>Clicks, the power cycle, and LED polling.</summary>
public abstract partial class AtxPowerBase
{
    private async Task ClickCoreAsync(AtxButton button, CancellationToken cancellationToken)
    {
        var durationMs = button switch
        {
            AtxButton.Power => Options.ClickMs,
            AtxButton.PowerLong => Options.LongClickMs,
            AtxButton.Reset => Options.ResetClickMs,
            _ => throw new ArgumentOutOfRangeException(nameof(button), button, "unknown ATX button"),
        };
        var reset = button == AtxButton.Reset;
        AtxLog.Click(Logger, button, durationMs);
        SetSwitch(reset, pressed: true);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(durationMs), Time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never leave a button held down, even when the caller gave up.
            SetSwitch(reset, pressed: false);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(Options.BusyAfterClickMs), Time, cancellationToken).ConfigureAwait(false);
    }

    private async Task PowerCycleCoreAsync(CancellationToken cancellationToken)
    {
        if (State.PowerLed)
        {
            await ClickCoreAsync(AtxButton.PowerLong, cancellationToken).ConfigureAwait(false);
            AtxLog.CyclePause(Logger, Options.PowerCycleOffMs);
            await Task.Delay(TimeSpan.FromMilliseconds(Options.PowerCycleOffMs), Time, cancellationToken).ConfigureAwait(false);
            if (State.PowerLed)
            {
                throw new InvalidOperationException("Power cycle stopped: the power LED is still on after the long power click.");
            }
        }

        await ClickCoreAsync(AtxButton.Power, cancellationToken).ConfigureAwait(false);
    }

    private void SetSwitch(bool reset, bool pressed)
    {
        if (reset)
        {
            SetResetSwitch(pressed);
        }
        else
        {
            SetPowerSwitch(pressed);
        }
    }

    private void SetBusy(bool busy)
    {
        AtxState state;
        lock (_gate)
        {
            if (_state.Busy == busy)
            {
                return;
            }

            state = _state = _state with { Busy = busy };
        }

        StateChanged?.Invoke(this, state);
    }

    private void Poll()
    {
        bool power;
        bool hdd;
        try
        {
            power = ReadPowerLed();
            hdd = ReadHddLed();
            _pollFailing = false;
        }
        catch (ObjectDisposedException)
        {
            // An edge that raced with Dispose.
            return;
        }
        catch (IOException exception)
        {
            if (!_pollFailing)
            {
                AtxLog.PollFailed(Logger, exception);
                _pollFailing = true;
            }

            return;
        }

        AtxState state;
        lock (_gate)
        {
            var changed = _powerLed.Sample(power) | _hddLed.Sample(hdd);
            if (!changed && _state.PowerLed == _powerLed.Stable && _state.HddLed == _hddLed.Stable)
            {
                return;
            }

            state = _state = _state with { PowerLed = _powerLed.Stable, HddLed = _hddLed.Stable };
        }

        AtxLog.LedsChanged(Logger, state.PowerLed, state.HddLed);
        StateChanged?.Invoke(this, state);
    }
}
