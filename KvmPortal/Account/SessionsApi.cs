using System.Security.Claims;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Pikvm;
using KvmPortal.Redfish;

namespace KvmPortal.Account;

/// <summary><c>/api/sessions</c>: the caller's own live sessions (this request, WebSocket connections, Redfish sessions).</summary>
public static class SessionsApi
{
    public static RouteHandlerBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/sessions", (HttpContext context, WsClientRegistry ws, RedfishSessionStore redfish) =>
        {
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            return ApiEnvelope.Ok(new
            {
                current = new
                {
                    user = context.User.Identity?.Name,
                    method = context.User.FindFirstValue(KvmHeadersAuthenticationHandler.MethodClaim) ?? "cookie",
                    token = context.User.FindFirstValue(KvmHeadersAuthenticationHandler.TokenClaim),
                    permissions = context.User.FindAll(Auth.Permissions.ClaimType).Select(c => c.Value),
                    client = context.Connection.RemoteIpAddress?.ToString(),
                },
                websockets = ws.List(userId).Select(c => new { id = c.Id, method = c.Method, client = c.ClientAddress, since = c.Since }),
                redfish = redfish.List(userId).Select(s => new { id = s.Id, client = s.ClientAddress, created = s.Created, last_used = s.LastUsed }),
            });
        }).RequireAuthorization().AddEndpointFilter<ApiErrorFilter>().WithTags("Sessions");
}
