using System.Runtime.CompilerServices;
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
    private readonly SemaphoreSlim _region = new(1, 1);
    private readonly LedDebouncer _powerLed;
    private readonly LedDebouncer _hddLed;
    private AtxState _state = new(Enabled: true, Busy: false, PowerLed: false, HddLed: false);
    private ITimer? _pollTimer;
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
    public async IAsyncEnumerable<AtxState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AtxState>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(object? sender, AtxState state) => channel.Writer.TryWrite(state);
        StateChanged += OnChanged;
        try
        {
            yield return State;
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
            StateChanged -= OnChanged;
        }
    }

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
        RunExclusiveAsync(() => true, ct => ClickCoreAsync(button, ct), wait, cancellationToken);

    /// <inheritdoc/>
    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) =>
        RunExclusiveAsync(() => true, PowerCycleCoreAsync, wait, cancellationToken);

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

    private async Task<bool> RunExclusiveAsync(Func<bool> shouldAct, Func<CancellationToken, Task> body, bool wait, CancellationToken cancellationToken)
    {
        if (!_region.Wait(0, CancellationToken.None))
        {
            throw new AtxBusyException();
        }

        bool act;
        try
        {
            act = shouldAct();
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
        var work = RunAndLeaveAsync(body, wait, wait ? cancellationToken : CancellationToken.None);
        if (wait)
        {
            await work.ConfigureAwait(false);
        }

        return true;
    }

    private async Task RunAndLeaveAsync(Func<CancellationToken, Task> body, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            await body(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!wait && exception is not OperationCanceledException)
        {
            AtxLog.BackgroundFailed(Logger, exception);
        }
        finally
        {
            SetBusy(false);
            _region.Release();
        }
    }
}
