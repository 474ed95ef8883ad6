using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Atx;

/// <summary>
/// The ATX logic shared by the Gpio and Simulated backends: PiKVM's click timings and idempotent actions, one exclusive region,
/// LED polling with debounce, and a power cycle. Backends only drive the two switches and read the two LEDs.
/// </summary>
public abstract partial class AtxPowerBase : IAtxPower, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Lock _publishGate = new();
    private readonly SemaphoreSlim _region = new(1, 1);
    private readonly LedDebouncer _powerLed;
    private readonly LedDebouncer _hddLed;
    private AtxState _state = new(Enabled: true, Busy: false, PowerLed: false, HddLed: false);
    private ITimer? _pollTimer;
    private AtxRun? _running;
    private AtxState? _published;
    private volatile bool _clicking;
    private bool _pollFailing;

    /// <summary>Initializes a new instance of the <see cref="AtxPowerBase"/> class.</summary>
    protected AtxPowerBase(AtxOptions options, TimeProvider timeProvider, ILogger logger)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _powerLed = new LedDebouncer(Time, TimeSpan.FromMilliseconds(options.LedDebounceMs));
        _hddLed = new LedDebouncer(Time, TimeSpan.FromMilliseconds(options.LedDebounceMs));
    }

    /// <inheritdoc/>
    public event EventHandler<AtxState>? StateChanged;

    /// <inheritdoc/>
    public AtxState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the options.</summary>
    protected AtxOptions Options { get; }

    /// <summary>Gets the time provider.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Gets the logger.</summary>
    protected ILogger Logger { get; }

    /// <inheritdoc/>
    public IAsyncEnumerable<AtxState> WatchAsync(CancellationToken cancellationToken) =>
        AtxStateStream.WatchAsync(this, new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest }, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken)
    {
        var (needsLedOn, button) = action switch
        {
            AtxPowerAction.On => (false, AtxButton.Power),
            AtxPowerAction.Off => (true, AtxButton.Power),
            AtxPowerAction.OffHard => (true, AtxButton.PowerLong),
            AtxPowerAction.ResetHard => (true, AtxButton.Reset),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown ATX action"),
        };

        return RunExclusiveAsync(
            button == AtxButton.PowerLong ? AtxRunKind.ForceOff : AtxRunKind.Click,
            () =>
            {
                var led = State.PowerLed;
                if (led == needsLedOn)
                {
                    return true;
                }

                AtxLog.Skipped(Logger, action, led ? "on" : "off");
                return false;
            },
            ct => ClickCoreAsync(button, ct),
            wait,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken) =>
        RunExclusiveAsync(button == AtxButton.PowerLong ? AtxRunKind.ForceOff : AtxRunKind.Click, () => true, ct => ClickCoreAsync(button, ct), wait, cancellationToken);

    /// <inheritdoc/>
    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) =>
        RunExclusiveAsync(AtxRunKind.Cycle, () => true, PowerCycleCoreAsync, wait, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Drives the power switch (true = pressed).</summary>
    protected abstract void SetPowerSwitch(bool pressed);

    /// <summary>Drives the reset switch (true = pressed).</summary>
    protected abstract void SetResetSwitch(bool pressed);

    /// <summary>Reads the power LED (true = lit), inversion already applied.</summary>
    protected abstract bool ReadPowerLed();

    /// <summary>Reads the HDD LED (true = lit), inversion already applied; false when not wired.</summary>
    protected abstract bool ReadHddLed();

    /// <summary>Takes the first LED reading and starts polling; derived constructors call it once their lines are ready.</summary>
    protected void StartPolling()
    {
        Poll();
        _pollTimer = Time.CreateTimer(_ => Poll(), null, TimeSpan.FromMilliseconds(Options.LedPollMs), TimeSpan.FromMilliseconds(Options.LedPollMs));
    }

    /// <summary>Stops polling. (The region is left alone: a click still running in the background releases it when it ends.)</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pollTimer?.Dispose();
            Interlocked.Exchange(ref _settleTimer, null)?.Dispose();
        }
    }

    private async Task<bool> RunExclusiveAsync(
        AtxRunKind kind, Func<bool> shouldAct, Func<CancellationToken, Task> body, bool wait, CancellationToken cancellationToken)
    {
        var ledStale = false;
        if (!_region.Wait(0, CancellationToken.None))
        {
            if (kind != AtxRunKind.ForceOff)
            {
                throw new AtxBusyException();
            }

            (var joined, ledStale) = await PreemptForForceOffAsync(wait, cancellationToken).ConfigureAwait(false);
            if (joined)
            {
                return true;
            }
        }

        bool act;
        try
        {
            // After a click the LED cannot be trusted: the click just waited out may be switching the host on right now.
            act = ledStale || shouldAct();
        }
        catch
        {
            _region.Release();
            throw;
        }

        if (!act)
        {
            _region.Release();
            return false;
        }

        SetBusy(true);
        var run = new AtxRun(kind, wait ? cancellationToken : CancellationToken.None);
        lock (_gate)
        {
            _running = run;
        }

        var work = RunAndLeaveAsync(run, body, wait);
        if (wait)
        {
            await work.ConfigureAwait(false);
        }

        return true;
    }

    private async Task RunAndLeaveAsync(AtxRun run, Func<CancellationToken, Task> body, bool wait)
    {
        try
        {
            await body(run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Preempted)
        {
            AtxLog.Preempted(Logger, run.Kind);
            if (wait)
            {
                throw new AtxBusyException("Interrupted by a forced power-off.");
            }
        }
        catch (Exception exception) when (!wait && exception is not OperationCanceledException)
        {
            AtxLog.BackgroundFailed(Logger, exception);
        }
        finally
        {
            // "Not busy" and the free region become true together: whoever sees Busy = false may act at once (an IPMI client that
            // polled the state and pressed the next button got "busy" when the region was still held after Busy was published).
            lock (_gate)
            {
                _running = null;
                _state = _state with { Busy = false };
                _region.Release();
            }

            run.Dispose();
            PublishState();
        }
    }
}
