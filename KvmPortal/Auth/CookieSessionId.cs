using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>Keeps a cookie's session id (<see cref="CredentialKeys.SessionClaim"/>) when Identity rebuilds the principal at revalidation.</summary>
public static class CookieSessionId
{
    public static Task KeepOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var old = context.CurrentPrincipal?.FindFirst(CredentialKeys.SessionClaim)?.Value;
        if (old is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            foreach (var claim in identity.FindAll(CredentialKeys.SessionClaim).ToList())
            {
                identity.RemoveClaim(claim);
            }

            identity.AddClaim(new Claim(CredentialKeys.SessionClaim, old));
        }

        return Task.CompletedTask;
    }
}
