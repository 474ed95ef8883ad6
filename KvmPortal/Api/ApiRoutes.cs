using KvmPortal.Api.Pikvm;
using KvmPortal.Api.Tokens;
using KvmPortal.Api.Ws;
using KvmPortal.Ipmi;
using KvmPortal.Metrics;
using KvmPortal.Redfish;
using KvmPortal.Security;
using KvmPortal.Serial;

namespace KvmPortal.Api;

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
        endpoints.MapSerialApi();
        endpoints.MapGet("/api/ws", KvmWebSocket.HandleAsync).RequireAuthorization(Permissions.View).WithTags("WebSocket");
        endpoints.MapRedfish();
        endpoints.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Permissions.View);
        return endpoints;
    }
}
