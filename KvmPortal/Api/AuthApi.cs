using KvmPortal.Security;

namespace KvmPortal.Api;

/// <summary>PiKVM's <c>/api/auth/check</c>: 200 when the caller is authenticated, 401 otherwise.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth");
        group.MapGet("/check", () => ApiEnvelope.Ok()).RequireAuthorization(Permissions.View);
        return group;
    }
}
