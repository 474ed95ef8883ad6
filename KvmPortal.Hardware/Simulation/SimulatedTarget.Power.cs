namespace KvmPortal.Hardware.Simulation;

/// <summary>The simulated target's power and reset buttons and its power state.</summary>
public sealed partial class SimulatedTarget
{
    /// <summary>Presses or releases the power button. A press powers an off target on; releasing it within
    /// <see cref="SimulationOptions.ForceOffHoldMs"/> asks a running target to shut down; holding it that long forces the target off.</summary>
    public void SetPowerButton(bool pressed)
    {
        var changed = false;
        lock (_gate)
        {
            if (pressed == _powerButtonDown)
            {
                return;
            }

            _powerButtonDown = pressed;
            if (pressed)
            {
                _powerPressConsumed = !_poweredOn;
                if (!_poweredOn)
                {
                    PowerOnLocked();
                    changed = true;
                }

                Replace(ref _forceOffTimer, _time.CreateTimer(_ => OnForceOffHold(), null, Ms(_options.ForceOffHoldMs), Timeout.InfiniteTimeSpan));
            }
            else
            {
                Replace(ref _forceOffTimer, null);
                if (!_powerPressConsumed && _poweredOn && !_shuttingDown)
                {
                    StartShutdownLocked();
                    changed = true;
                }
            }
        }

        if (changed)
        {
            OnStateChanged();
        }
    }

    /// <summary>Presses or releases the reset button; a press restarts a running target.</summary>
    public void SetResetButton(bool pressed)
    {
        lock (_gate)
        {
            if (pressed == _resetButtonDown)
            {
                return;
            }

            _resetButtonDown = pressed;
            if (!pressed || !_poweredOn)
            {
                return;
            }

            SimulatorLog.Reset(_logger);
            BootLocked();
        }

        OnStateChanged();
    }

    private void OnForceOffHold()
    {
        lock (_gate)
        {
            if (!_powerButtonDown || !_poweredOn)
            {
                return;
            }

            _powerPressConsumed = true;
            SimulatorLog.ForcedOff(_logger);
            PowerOffLocked();
        }

        OnStateChanged();
    }

    private void OnShutdownElapsed()
    {
        lock (_gate)
        {
            if (!_shuttingDown)
            {
                return;
            }

            PowerOffLocked();
        }

        OnStateChanged();
    }

    private void PowerOnLocked()
    {
        SimulatorLog.PoweredOn(_logger);
        _poweredOn = true;
        _leds = LedNumLock;
        BootLocked();
    }

    private void PowerOffLocked()
    {
        SimulatorLog.PoweredOff(_logger);
        _poweredOn = false;
        _shuttingDown = false;
        _hddLed = false;
        _leds = 0;
        _input.Clear();
        Replace(ref _shutdownTimer, null);
        Replace(ref _hddTimer, null);
        _console.Clear();
        Touch();
    }

    private void StartShutdownLocked()
    {
        _shuttingDown = true;
        NoticeLocked("Power button pressed: the system is going down for power-off now.");
        Replace(ref _shutdownTimer, _time.CreateTimer(_ => OnShutdownElapsed(), null, Ms(_options.GracefulShutdownMs), Timeout.InfiniteTimeSpan));
    }
}
