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
        _clicking = true;
        try
        {
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
        finally
        {
            _clicking = false;
        }
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
        lock (_gate)
        {
            if (_state.Busy == busy)
            {
                return;
            }

            _state = _state with { Busy = busy };
        }

        PublishState();
    }

    /// <summary>
    /// Raises <see cref="StateChanged"/> with the state as it is now, once per distinct state and in order: two threads changing the
    /// state at once (a run ending, the next one starting, an LED edge) can never leave a subscriber holding the older one.
    /// Subscribers must not block (they write to a channel or post to a renderer).
    /// </summary>
    private void PublishState()
    {
        lock (_publishGate)
        {
            var state = State;
            if (state == _published)
            {
                return;
            }

            _published = state;
            StateChanged?.Invoke(this, state);
        }
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
        PublishState();
    }
}
