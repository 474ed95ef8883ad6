using System.Collections.Concurrent;
using KvmPortal.Audit;

namespace KvmPortal.Tests.Support;

/// <summary>An in-memory audit log for component tests that do not look at audit rows (the audit tests use the real one).</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<(string Action, string? User, string? Target, AuditOutcome Outcome)> _rows = new();

    public IReadOnlyList<(string Action, string? User, string? Target, AuditOutcome Outcome)> Rows => [.. _rows];

    public void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null) =>
        _rows.Enqueue((action, user, target, outcome));

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
