using System.Security.Claims;

namespace KvmPortal.Auth;

/// <summary>
/// Notes browser-session activity for <see cref="IdleSessions"/> and ends a session found past the idle timeout at once (the
/// <see cref="RevocationMiddleware"/> after it then refuses the request as logged out). Also maps the pages' activity ping.
/// </summary>
public sealed class IdleSessionMiddleware(RequestDelegate next, IdleSessions idle, IdleSessionSweeper sweeper)
{
    public const string ActivityPath = "/api/auth/activity";

    public static IEndpointRouteBuilder MapActivityPing(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(ActivityPath, (IdleSessions sessions) => Results.Json(new { ping_ms = (long)sessions.PingInterval.TotalMilliseconds }))
            .RequireAuthorization().DisableAntiforgery();
        return endpoints;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.User;
        if (idle.Timeout > TimeSpan.Zero && principal.Identity?.IsAuthenticated == true &&
            principal.FindFirstValue(CredentialKeys.SessionClaim) is { } sid && CredentialKeys.Of(principal) == CredentialKeys.Cookie(sid) &&
            principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId &&
            !idle.Seen(sid, userId, principal.Identity.Name ?? "", IsActivity(context)))
        {
            await sweeper.EndIdleAsync(context.RequestAborted);
        }

        await next(context);
    }

    /// <summary>A request a person made: not a WebSocket, the Blazor circuit, or a video stream.</summary>
    internal static bool IsActivity(HttpContext context)
    {
        var path = context.Request.Path;
        return !context.WebSockets.IsWebSocketRequest && !path.StartsWithSegments("/_blazor") && !path.StartsWithSegments("/streamer") &&
            !path.StartsWithSegments("/api/streamer") && !path.StartsWithSegments("/api/ws") && !path.StartsWithSegments("/video");
    }
}
