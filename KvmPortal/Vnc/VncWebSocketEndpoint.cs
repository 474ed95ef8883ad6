using System.Net.WebSockets;
using KvmPortal.Auth;
using Microsoft.Extensions.Options;

namespace KvmPortal.Vnc;

/// <summary>
/// <c>/vnc/websockify</c>: RFB over a WebSocket for noVNC. The upgrade is authorised like every other request (the portal cookie, View
/// permission, the same-origin check on WebSocket handshakes). The RFB stream inside still authenticates (VeNCrypt Plain, or VNC
/// Authentication when allowed) and the credentials must be those of the signed-in user: no "None" security type, so a stolen or
/// replayed cookie alone does not give a VNC session, and the audit shows a real login.
/// </summary>
public static class VncWebSocketEndpoint
{
    public const string Path = "/vnc/websockify";

    public static IEndpointRouteBuilder MapKvmVnc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapVncPasswordApi();
        endpoints.MapGet(Path, HandleAsync).RequireAuthorization(Permissions.View).WithTags("VNC");
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, VncHost host, IOptions<VncOptions> options)
    {
        if (!options.Value.Enabled)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("The VNC server is off (KvmPortal:Vnc:Enabled).", context.RequestAborted);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket expected", context.RequestAborted);
            return;
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p == "binary");
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        await host.RunAsync(stream, remote, VncTransport.WebSocket, context.User.Identity?.Name ?? "", context.RequestAborted);
    }
}
