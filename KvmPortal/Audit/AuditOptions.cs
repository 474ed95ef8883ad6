namespace KvmPortal.Audit;

/// <summary>The <c>KvmPortal:Audit</c> section: retention and optional syslog forwarding.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "KvmPortal:Audit";

    /// <summary>Gets or sets how many days rows are kept; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>Gets or sets how often the retention cleaner runs.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    public AuditSyslogOptions Syslog { get; set; } = new();
}
