using KvmPortal.Data;
using KvmPortal.SignIn.Passkeys;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.SignIn;

/// <summary>
/// What counts for the "two-factor authentication required" rule besides an authenticator app: a registered passkey (possession of the
/// authenticator plus its PIN or biometric), or an account that signs in through an OIDC provider (the provider enforces its own MFA;
/// such an account has no local password to protect).
/// </summary>
public sealed class SecondFactors(KvmDbContext db, Microsoft.AspNetCore.Identity.UserManager<ApplicationUser> users,
    Microsoft.Extensions.Options.IOptionsMonitor<Auth.SecurityOptions> security) : Auth.ISecondFactors
{
    /// <summary>See <see cref="Auth.ISecondFactors.PasskeyRequiredItem"/>.</summary>
    public const string PasskeyRequiredItem = Auth.ISecondFactors.PasskeyRequiredItem;

    /// <summary>
    /// True when the account must have a second factor, has no authenticator app and relies on a passkey: a password alone must not
    /// get in then (the passkey is the way in).
    /// </summary>
    public async Task<bool> PasswordRefusedAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TwoFactorEnabled || user.ExternalSource is not null || !await db.Set<PasskeyCredential>().AnyAsync(c => c.UserId == user.Id, cancellationToken))
        {
            return false;
        }

        var requiring = security.CurrentValue.RequireTwoFactorForRoles;
        return user.RequireTwoFactor || (await users.GetRolesAsync(user)).Any(r => requiring.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    public async Task<bool> SatisfiedWithoutAuthenticatorAppAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.ExternalSource?.StartsWith(Oidc.OidcEndpoints.MethodPrefix, StringComparison.Ordinal) == true)
        {
            return true;
        }

        return await db.Set<PasskeyCredential>().AnyAsync(c => c.UserId == user.Id, cancellationToken);
    }
}
