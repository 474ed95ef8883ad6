using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Identity's security-stamp check of the sign-in cookie, except that a background request (the Blazor circuit and its reconnects,
/// API calls, streams, WebSockets) with an outdated cookie is only refused, not answered with "delete the cookie". After the user's own
/// password or two-factor change, the old page's reconnect races the response that set the renewed cookie; a deletion arriving second
/// would remove the renewed cookie, and the new page would get no circuit. A page request still signs the stale cookie out.
/// </summary>
public sealed class KvmSecurityStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<ApplicationUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<ApplicationUser>(options, signInManager, logger)
{
    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsBackground(context.HttpContext))
        {
            await base.ValidateAsync(context);
            return;
        }

        var issued = context.Properties.IssuedUtc;
        if (issued is not null && TimeProvider.GetUtcNow() - issued.Value <= Options.ValidationInterval)
        {
            return;
        }

        if (await VerifySecurityStamp(context.Principal) is { } user)
        {
            await SecurityStampVerified(user, context);
        }
        else
        {
            context.RejectPrincipal();
        }
    }

    /// <summary>A request that is not a page navigation: API, Redfish, streams, the Blazor circuit, WebSockets.</summary>
    internal static bool IsBackground(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments("/api") || path.StartsWithSegments("/redfish") || path.StartsWithSegments("/streamer") ||
            path.StartsWithSegments("/_blazor") || context.WebSockets.IsWebSocketRequest;
    }
}
