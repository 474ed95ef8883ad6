namespace KvmPortal.Audit;

/// <summary>Who did an administrative action, for its audit row.</summary>
public sealed record AuditActor(string? User, string? ClientAddress)
{
    public static AuditActor System { get; } = new("system", null);
}
