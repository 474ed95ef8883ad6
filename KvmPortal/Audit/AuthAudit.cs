using KvmPortal.Auth;

namespace KvmPortal.Audit;

/// <summary>Writes Auth's login, lockout and logout rows (<see cref="IAuthAudit"/>) to the audit trail.</summary>
public sealed class AuthAudit(IAuditLog log) : IAuthAudit
{
    public void LoginSucceeded(string? user, string? clientAddress, string kind) =>
        log.Write(AuditActions.LoginSucceeded, user, clientAddress, null, AuditOutcome.Success, kind);

    public void LoginFailed(string? account, string? clientAddress, bool denied, string details) =>
        log.Write(AuditActions.LoginFailed, account, clientAddress, null, denied ? AuditOutcome.Denied : AuditOutcome.Failure, details);

    public void Lockout(string? account, string? clientAddress, string details) =>
        log.Write(AuditActions.Lockout, account, clientAddress, null, AuditOutcome.Denied, details);

    public void Logout(string? user, string? clientAddress, string details) =>
        log.Write(AuditActions.Logout, user, clientAddress, null, AuditOutcome.Success, details);
}
