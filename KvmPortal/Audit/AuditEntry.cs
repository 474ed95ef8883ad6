namespace KvmPortal.Audit;

/// <summary>One row of the audit trail. Details never hold secrets (no passwords, no typed or pasted text, no tokens).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Gets or sets the time as UTC ticks (SQLite orders and compares integers, not DateTimeOffset).</summary>
    public long TimeTicks { get; set; }

    public string? User { get; set; }

    public string? ClientAddress { get; set; }

    public string Action { get; set; } = "";

    public string? Target { get; set; }

    public AuditOutcome Outcome { get; set; }

    public string? Details { get; set; }

    public DateTimeOffset Time => new(TimeTicks, TimeSpan.Zero);
}
