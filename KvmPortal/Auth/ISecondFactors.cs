using KvmPortal.Data;

namespace KvmPortal.Auth;

/// <summary>
/// Second factors besides an authenticator app (passkeys, an OIDC provider's own MFA), as the sign-in manager and the claims factory
/// need to know them. Implemented by the SignIn feature, so Auth does not depend on it.
/// </summary>
public interface ISecondFactors
{
    /// <summary>Set in <c>HttpContext.Items</c> when a password sign-in was refused because the account's second factor is a passkey.</summary>
    const string PasskeyRequiredItem = "kvm:passkey-required";

    /// <summary>True when a password alone must not get in (the account's required second factor is a passkey).</summary>
    Task<bool> PasswordRefusedAsync(ApplicationUser user, CancellationToken cancellationToken = default);

    /// <summary>True when the account meets the "second factor required" rule without an authenticator app.</summary>
    Task<bool> SatisfiedWithoutAuthenticatorAppAsync(ApplicationUser user, CancellationToken cancellationToken = default);
}
