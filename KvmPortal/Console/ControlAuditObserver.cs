using KvmPortal.Audit;
using KvmPortal.Hid;

namespace KvmPortal.Console;

/// <summary>
/// Audits who holds the console's input in exclusive mode: a change of holder writes "control released" for the old holder and
/// "control taken" for the new one, whichever path caused it (take, take-over, release, mode switch, tab closed).
/// </summary>
public sealed class ControlAuditObserver : IHostedService
{
    private readonly ConsolePresence _presence;
    private readonly IAuditLog _log;
    private readonly Lock _gate = new();
    private ConsoleSession? _holder;

    public ControlAuditObserver(ConsolePresence presence, IAuditLog log)
    {
        _presence = presence;
        _log = log;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _holder = _presence.Holder;
        _presence.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _presence.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, EventArgs e)
    {
        ConsoleSession? previous;
        ConsoleSession? current;
        lock (_gate)
        {
            current = _presence.Holder;
            previous = _holder;
            if (previous?.Id == current?.Id)
            {
                return;
            }

            _holder = current;
        }

        if (previous is not null)
        {
            _log.Write(AuditActions.ControlReleased, previous.UserName, previous.ClientAddress, "console");
        }

        if (current is not null)
        {
            _log.Write(AuditActions.ControlTaken, current.UserName, current.ClientAddress, "console");
        }
    }
}
