using KvmPortal.Account;
using KvmPortal.Atx;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hid;
using KvmPortal.Ipmi;
using KvmPortal.Macros;
using KvmPortal.Msd;
using KvmPortal.Pikvm;
using KvmPortal.Prometheus;
using KvmPortal.Redfish;
using KvmPortal.Users;

namespace KvmPortal.Hosting;

/// <summary>Maps every REST group, the WebSocket, metrics, Redfish and the OpenAPI document.</summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapKvmApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuthApi();
        endpoints.MapUsersApi();
        endpoints.MapIpmiPasswordApi();
        endpoints.MapInfoApi();
        endpoints.MapHidApi();
        endpoints.MapAtxApi();
        endpoints.MapMsdApi();
        endpoints.MapWolApi();
        endpoints.MapSessionsApi();
        endpoints.MapTokensApi();
        endpoints.MapMacrosApi();
        endpoints.MapAuditApi();
        endpoints.MapMetricsApi();
        endpoints.MapPikvmCompatApi();
        endpoints.MapUstreamerApi();
        endpoints.MapGet("/api/ws", KvmWebSocket.HandleAsync).RequireAuthorization(Permissions.View).WithTags("WebSocket");
        endpoints.MapRedfish();
        endpoints.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Permissions.View);
        return endpoints;
    }
}
