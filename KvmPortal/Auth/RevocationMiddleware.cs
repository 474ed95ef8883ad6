using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Runs after authorization, so it sees every credential kind (cookie, Basic, X-KVMD headers, Bearer token, Redfish session).
/// Refuses a request whose user is disabled or deleted, whose cookie carries an old security stamp (checked against a cache of at
/// most 1 s) or whose cookie session was logged out; registers every other request with <see cref="SessionRevocation"/> so it is
/// aborted when its user or credential is revoked. Records live sessions for the admin page.
/// </summary>
public sealed class RevocationMiddleware(RequestDelegate next, UserStateCache states, SessionRevocation revocation, ActiveSessions sessions,
    LoggedOutSessions loggedOut, IOptions<IdentityOptions> identity)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.User;
        var name = principal.Identity?.IsAuthenticated == true ? principal.Identity.Name : null;
        if (name is null)
        {
            await next(context);
            return;
        }

        var stamp = principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        var state = await states.GetAsync(name, fresh: false, context.RequestAborted);
        if (state is not null && stamp is not null && stamp != state.SecurityStamp)
        {
            // The user's own change (new password, 2FA) renews the stamp and the cookie together: check the store before refusing.
            state = await states.GetAsync(name, fresh: true, context.RequestAborted);
        }

        var credential = CredentialKeys.Of(principal);
        var sid = principal.FindFirst(CredentialKeys.SessionClaim)?.Value;
        if (state is null || state.Disabled || (stamp is not null && stamp != state.SecurityStamp) ||
            (credential is not null && sid is not null && credential == CredentialKeys.Cookie(sid) && await loggedOut.IsEndedAsync(sid, context.RequestAborted)))
        {
            if (context.Request.Path.StartsWithSegments("/Account/Login"))
            {
                // The login page itself (where the console sends a signed-out user): drop the stale cookie and show it, no redirect.
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                await next(context);
                return;
            }

            await RefuseAsync(context);
            return;
        }

        sessions.Seen(name, context);
        using var registration = revocation.Track(name, credential, context);
        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        if (!KvmSecurityStampValidator.IsBackground(context))
        {
            // A page: drop the stale cookie and go to the login page, which says why.
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.Response.Redirect("/Account/Login?signedOut=1");
            return;
        }

        // A background request (the old page's circuit reconnecting, a stream, an API call) is refused without touching the cookie: after
        // the user's own password or 2FA change, its "delete the cookie" answer could arrive after the response that set the renewed
        // cookie and would delete that one, leaving the new page without a circuit (see KvmSecurityStampValidator). The refusal stands anyway.

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
