namespace KvmPortal.Audit;

/// <summary>
/// The audit trail. <see cref="Write"/> never blocks and never throws: rows are queued and stored by a background writer.
/// </summary>
public interface IAuditLog
{
    /// <summary>Queues one row. The time is taken now from the injected TimeProvider.</summary>
    void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null);

    /// <summary>Completes when every row queued before the call is stored (and forwarded, when syslog is on).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
