namespace KvmPortal.Audit;

/// <summary>The admin page's filters; null fields do not filter.</summary>
public sealed record AuditFilter(string? User = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 1000);
