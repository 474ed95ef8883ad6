using System.Collections.Concurrent;
using KvmPortal.Audit;

namespace KvmPortal.Tests.Support;

/// <summary>An in-memory audit log for component tests that do not look at audit rows (the audit tests use the real one).</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<(string Action, string? User, string? Target, AuditOutcome Outcome)> _rows = new();

    private readonly ConcurrentQueue<string?> _details = new();

    public IReadOnlyList<(string Action, string? User, string? Target, AuditOutcome Outcome)> Rows => [.. _rows];

    /// <summary>Gets each row's details, in the order of <see cref="Rows"/>.</summary>
    public IReadOnlyList<string?> Details => [.. _details];

    public void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null)
    {
        _rows.Enqueue((action, user, target, outcome));
        _details.Enqueue(details);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
