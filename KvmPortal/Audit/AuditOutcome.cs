namespace KvmPortal.Audit;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    Success = 0,
    Failure = 1,
    Denied = 2,
}
