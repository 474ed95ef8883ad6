using KvmPortal.Data;
using KvmPortal.SignIn.Passkeys;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.SignIn;

/// <summary>
/// What counts for the "two-factor authentication required" rule besides an authenticator app: a registered passkey (possession of the
/// authenticator plus its PIN or biometric), or an account that signs in through an OIDC provider (the provider enforces its own MFA;
/// such an account has no local password to protect).
/// </summary>
public sealed class SecondFactors(KvmDbContext db)
{
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
