using System.Text;
using KvmPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>
/// A per-user secret a legacy protocol needs in plain form on the server (IPMI's RAKP key, VNC Authentication's DES key), so it
/// cannot be a hash: kept in Identity's user-token store (AspNetUserTokens, one provider per protocol) encrypted with ASP.NET Data
/// Protection, never in claims or logs.
/// </summary>
public sealed class ProtectedUserSecret(IServiceScopeFactory scopes, IDataProtector protector, string provider, string tokenName)
{
    /// <summary>Sets (or with null clears) the secret. Returns false when the user does not exist.</summary>
    public async Task<bool> SetAsync(string userName, string? secret, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return false;
        }

        IdentityResult result;
        if (secret is null)
        {
            result = await users.RemoveAuthenticationTokenAsync(user, provider, tokenName);
        }
        else
        {
            var bytes = Encoding.ASCII.GetBytes(secret);
            var protectedText = Convert.ToBase64String(protector.Protect(bytes));
            Array.Clear(bytes);
            result = await users.SetAuthenticationTokenAsync(user, provider, tokenName, protectedText);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return true;
    }

    /// <summary>Tells whether the user has the secret (the secret itself is never returned).</summary>
    public async Task<bool> ExistsAsync(string userName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName);
        return user is not null && !string.IsNullOrEmpty(await users.GetAuthenticationTokenAsync(user, provider, tokenName));
    }
}
