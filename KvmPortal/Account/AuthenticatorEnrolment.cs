using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Account;

/// <summary>
/// The authenticator key a user enrols with. Made on the first visit of the two-factor page through the key store directly:
/// <see cref="UserManager{TUser}.ResetAuthenticatorKeyAsync"/> also renews the security stamp, which signed the user out of every
/// session just for looking at the page.
/// </summary>
public sealed class AuthenticatorEnrolment(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store)
{
    public async Task<string> EnsureKeyAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        if (store is not IUserAuthenticatorKeyStore<ApplicationUser> keys)
        {
            throw new InvalidOperationException("The user store cannot keep authenticator keys.");
        }

        key = users.GenerateNewAuthenticatorKey();
        await keys.SetAuthenticatorKeyAsync(user, key, cancellationToken);
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? key : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
