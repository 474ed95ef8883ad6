using System.Security.Claims;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Auth;

/// <summary>Re-reads a caller's permissions from the database (roles, disabled flag, token limits), for long-lived connections.</summary>
public sealed class CurrentPermissions(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Returns the permissions <paramref name="principal"/> holds right now; empty when the account or token is gone, disabled, revoked or expired.</summary>
    public async Task<IReadOnlySet<string>> GetAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return new HashSet<string>();
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.Disabled)
        {
            return new HashSet<string>();
        }

        var granted = (await users.GetRolesAsync(user)).SelectMany(Roles.PermissionsOf).ToHashSet(StringComparer.Ordinal);
        if (principal.FindFirstValue(KvmHeadersAuthenticationHandler.TokenClaim) is { } tokenId)
        {
            var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
            var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
            if (token is null || token.Revoked || token.ExpiresTicks <= time.GetUtcNow().UtcTicks)
            {
                return new HashSet<string>();
            }

            granted.IntersectWith(token.Permissions.Split(','));
        }

        return granted;
    }
}
