namespace KvmPortal.Auth;

/// <summary>
/// The audit rows Auth writes: login outcomes, lockouts and logouts. Implemented by the Audit folder (<c>AuthAudit</c>), which depends on
/// Auth for its own page's permissions, so Auth names only what it records, never the audit trail itself.
/// </summary>
public interface IAuthAudit
{
    /// <summary>A credential check passed; <paramref name="kind"/> names the credential (form, api-login, basic, kvmd-headers, …).</summary>
    void LoginSucceeded(string? user, string? clientAddress, string kind);

    /// <summary>A credential check failed; <paramref name="denied"/> when the account was locked or disabled (not a wrong credential).</summary>
    void LoginFailed(string? account, string? clientAddress, bool denied, string details);

    /// <summary>Failures locked an address (or the whole account) out.</summary>
    void Lockout(string? account, string? clientAddress, string details);

    /// <summary>A session ended: logged out by its user or by the idle timeout.</summary>
    void Logout(string? user, string? clientAddress, string details);
}
