using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Audit;

/// <summary>Turns a sign-in result into its audit row (none while a second factor is still pending).</summary>
public static class LoginAudit
{
    /// <param name="wasLocked">Whether the account was already locked before this attempt (a new lockout gets its own action).</param>
    public static void Write(AuditContext audit, string? user, SignInResult result, bool wasLocked, string method)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(result);
        if (result.RequiresTwoFactor)
        {
            return;
        }

        if (result.Succeeded)
        {
            audit.WriteFor(user, AuditActions.LoginSucceeded, details: method);
        }
        else if (result.IsLockedOut && !wasLocked)
        {
            audit.WriteFor(user, AuditActions.Lockout, outcome: AuditOutcome.Denied, details: "too many failed attempts");
        }
        else
        {
            var reason = result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "account disabled" : "invalid credentials";
            audit.WriteFor(user, AuditActions.LoginFailed, outcome: result.IsLockedOut || result.IsNotAllowed ? AuditOutcome.Denied : AuditOutcome.Failure, details: $"{method}: {reason}");
        }
    }
}
