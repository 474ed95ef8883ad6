using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Refuses requests of a disabled, deleted or revoked user even with a still-valid cookie (the security stamp in the cookie no
/// longer matches the store; checked against a cache of at most 1 s), and aborts the user's running requests when
/// <see cref="SessionRevocation"/> revokes them. Records live sessions for the admin page.
/// </summary>
public sealed class RevocationMiddleware(RequestDelegate next, UserStateCache states, SessionRevocation revocation, ActiveSessions sessions,
    IOptions<IdentityOptions> identity)
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

        var token = revocation.TokenFor(name);
        var stamp = principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        var state = await states.GetAsync(name, fresh: false, context.RequestAborted);
        if (state is not null && stamp is not null && stamp != state.SecurityStamp)
        {
            // The user's own change (new password, 2FA) renews the stamp and the cookie together: check the store before refusing.
            state = await states.GetAsync(name, fresh: true, context.RequestAborted);
        }

        if (state is null || state.Disabled || (stamp is not null && stamp != state.SecurityStamp))
        {
            await RefuseAsync(context);
            return;
        }

        sessions.Seen(name, context);
        using var registration = token.Register(static c => ((HttpContext)c!).Abort(), context);
        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/redfish") &&
            !path.StartsWithSegments("/streamer") && !path.StartsWithSegments("/_blazor") && !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Redirect("/Account/Login");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
