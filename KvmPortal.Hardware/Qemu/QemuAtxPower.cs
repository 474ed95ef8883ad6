using System.Threading.Channels;
using KvmPortal.Hardware.Atx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// Power of a QEMU VM. The power LED is "the guest CPU runs" (QMP query-status and STOP/RESUME events).
/// Power click: ACPI <c>system_powerdown</c> when on; when off, start QEMU if needed, reset a shut-down guest and <c>cont</c>.
/// Long click (forced off): <c>stop</c> then <c>system_reset</c>, so the VM waits at its reset vector and the next "on" boots afresh.
/// Reset click: <c>system_reset</c>. One action at a time (<see cref="AtxBusyException"/>).
/// </summary>
public sealed class QemuAtxPower : IAtxPower
{
    private static readonly TimeSpan CyclePause = TimeSpan.FromSeconds(2);

    private readonly QemuMachine _machine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _busyFlag;

    /// <summary>Initializes a new instance of the <see cref="QemuAtxPower"/> class.</summary>
    public QemuAtxPower(QemuMachine machine, TimeProvider timeProvider, ILogger<QemuAtxPower>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _machine = machine;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        machine.RunningChanged += (_, _) => Notify();
        machine.StartMonitoring();
    }

    /// <inheritdoc/>
    public event EventHandler<AtxState>? StateChanged;

    /// <inheritdoc/>
    public AtxState State => new(true, Volatile.Read(ref _busyFlag) != 0, _machine.Running, false);

    /// <inheritdoc/>
    public IAsyncEnumerable<AtxState> WatchAsync(CancellationToken cancellationToken) =>
        AtxStateStream.WatchAsync(this, new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken)
    {
        if (!_machine.Running)
        {
            try
            {
                await _machine.RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or QmpException or TimeoutException)
            {
                // Unreachable QEMU counts as off; "on" will start it when KvmPortal owns the VM.
            }
        }

        var on = _machine.Running;
        if (action == AtxPowerAction.On ? on : !on)
        {
            return false;
        }

        var button = action switch
        {
            AtxPowerAction.OffHard => AtxButton.PowerLong,
            AtxPowerAction.ResetHard => AtxButton.Reset,
            _ => AtxButton.Power,
        };
        await ClickAsync(button, wait, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken) =>
        RunExclusiveAsync(ct => PerformAsync(button, ct), wait, cancellationToken);

    /// <inheritdoc/>
    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) =>
        RunExclusiveAsync(
            async ct =>
            {
                if (_machine.Running)
                {
                    await PerformAsync(AtxButton.PowerLong, ct).ConfigureAwait(false);
                    await Task.Delay(CyclePause, _time, ct).ConfigureAwait(false);
                }

                await PerformAsync(AtxButton.Power, ct).ConfigureAwait(false);
            },
            wait,
            cancellationToken);

    private async Task PerformAsync(AtxButton button, CancellationToken cancellationToken)
    {
        var status = await _machine.RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
        switch (button)
        {
            case AtxButton.Power when _machine.Running:
                QemuLog.Power(_logger, "system_powerdown");
                await _machine.ExecuteAsync("system_powerdown", null, cancellationToken).ConfigureAwait(false);
                break;
            case AtxButton.Power:
                QemuLog.Power(_logger, "on");
                if (status is "shutdown" or "guest-panicked" or "internal-error")
                {
                    await _machine.ExecuteAsync("system_reset", null, cancellationToken).ConfigureAwait(false);
                }

                await _machine.ExecuteAsync("cont", null, cancellationToken).ConfigureAwait(false);
                break;
            case AtxButton.PowerLong:
                QemuLog.Power(_logger, "off_hard");
                await _machine.ExecuteAsync("stop", null, cancellationToken).ConfigureAwait(false);
                await _machine.ExecuteAsync("system_reset", null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                QemuLog.Power(_logger, "reset");
                await _machine.ExecuteAsync("system_reset", null, cancellationToken).ConfigureAwait(false);
                break;
        }

        await _machine.RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunExclusiveAsync(Func<CancellationToken, Task> action, bool wait, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _busyFlag, 1, 0) != 0)
        {
            throw new AtxBusyException();
        }

        Notify();
        var task = RunAndReleaseAsync(action, wait ? cancellationToken : CancellationToken.None);
        if (wait)
        {
            await task.ConfigureAwait(false);
        }
    }

    private async Task RunAndReleaseAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.CanBeCanceled && ex is IOException or QmpException or TimeoutException or OperationCanceledException)
        {
            QemuLog.OperationFailed(_logger, "power action", ex);
        }
        finally
        {
            Volatile.Write(ref _busyFlag, 0);
            Notify();
        }
    }

    private void Notify() => StateChanged?.Invoke(this, State);
}
