using KvmPortal.Auth;

namespace KvmPortal.Tests.Api;

/// <summary>Every API route with the permission it needs (<see cref="Anonymous"/>: none; <see cref="Authenticated"/>: any signed-in caller).</summary>
public static class ApiRouteTable
{
    public const string Anonymous = "-";
    public const string Authenticated = "*";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("POST", "/api/auth/login", Anonymous),
        new("GET", "/api/auth/check", Permissions.View),
        new("GET", "/api/info", Permissions.View),
        new("GET", "/api/hid", Permissions.View),
        new("GET", "/api/hid/keymaps", Permissions.View),
        new("GET", "/api/hid/inactivity", Permissions.View),
        new("POST", "/api/hid/set_params", Permissions.Control),
        new("POST", "/api/hid/set_connected", Permissions.Control),
        new("POST", "/api/hid/reset", Permissions.Control),
        new("POST", "/api/hid/print", Permissions.Control),
        new("POST", "/api/hid/events/send_key", Permissions.Control),
        new("POST", "/api/hid/events/send_shortcut", Permissions.Control),
        new("POST", "/api/hid/events/send_mouse_button", Permissions.Control),
        new("POST", "/api/hid/events/send_mouse_move", Permissions.Control),
        new("POST", "/api/hid/events/send_mouse_relative", Permissions.Control),
        new("POST", "/api/hid/events/send_mouse_wheel", Permissions.Control),
        new("GET", "/api/atx", Permissions.View),
        new("POST", "/api/atx/power", Permissions.Power),
        new("POST", "/api/atx/click", Permissions.Power),
        new("GET", "/api/msd", Permissions.View),
        new("POST", "/api/msd/set_params", Permissions.Media),
        new("POST", "/api/msd/set_connected", Permissions.Media),
        new("POST", "/api/msd/reset", Permissions.Media),
        new("POST", "/api/msd/remove", Permissions.Media),
        new("GET", "/api/msd/read", Permissions.Media),
        new("POST", "/api/msd/write", Permissions.Media),
        new("POST", "/api/msd/write_remote", Permissions.Media),
        new("GET", "/api/streamer", Permissions.View),
        new("GET", "/api/streamer/snapshot", Permissions.View),
        new("GET", "/api/streamer/ocr", Permissions.View),
        new("GET", "/api/streamer/stream", Permissions.View, Streaming: true),
        new("GET", "/streamer/stream", Permissions.View, Streaming: true, AnonymousStatus: 302), // outside /api: to the login page, as PiKVM's nginx does
        new("GET", "/api/streamer/ws", Permissions.View),
        new("POST", "/api/streamer/set_params", Permissions.Control),
        new("POST", "/api/streamer/reset", Permissions.Control),
        new("GET", "/streamer/state", Permissions.View, AnonymousStatus: 302),
        new("GET", "/streamer/snapshot", Permissions.View, AnonymousStatus: 302),
        new("GET", "/api/log", Permissions.Admin),
        new("GET", "/api/gpio", Permissions.View),
        new("POST", "/api/gpio/switch", Permissions.Control),
        new("POST", "/api/gpio/pulse", Permissions.Control),
        new("GET", "/api/ws", Permissions.View),
        new("GET", "/api/export/prometheus/metrics", Permissions.View),
        new("GET", "/api/users", Permissions.Admin),
        new("POST", "/api/users/create", Permissions.Admin),
        new("POST", "/api/users/disable", Permissions.Admin),
        new("POST", "/api/users/delete", Permissions.Admin),
        new("POST", "/api/users/ipmi_password", Authenticated, NoTokens: true),
        new("GET", "/api/sessions", Authenticated),
        new("GET", "/api/tokens", Authenticated),
        new("POST", "/api/tokens/create", Authenticated, NoTokens: true),
        new("POST", "/api/tokens/revoke", Authenticated),
        new("GET", "/api/macros", Permissions.Macros),
        new("POST", "/api/macros/run", Permissions.Macros),
        new("GET", "/api/audit", Permissions.Admin),
        new("GET", "/api/wol", Permissions.View),
        new("POST", "/api/wol/wake", Permissions.Power),
        new("GET", "/openapi/v1.json", Permissions.View),
        new("GET", "/redfish/v1", Anonymous),
        new("POST", "/redfish/v1/SessionService/Sessions", Anonymous),
        new("GET", "/redfish/v1/Systems", Permissions.View),
        new("GET", "/redfish/v1/Systems/0", Permissions.View),
        new("POST", "/redfish/v1/Systems/0/Actions/ComputerSystem.Reset", Permissions.Power),
        new("GET", "/redfish/v1/Managers", Permissions.View),
        new("GET", "/redfish/v1/Managers/BMC", Permissions.View),
        new("GET", "/redfish/v1/Managers/BMC/VirtualMedia", Permissions.View),
        new("GET", "/redfish/v1/Managers/BMC/VirtualMedia/CD", Permissions.View),
        new("POST", "/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", Permissions.Media),
        new("POST", "/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.EjectMedia", Permissions.Media),
        new("GET", "/redfish/v1/SessionService", Permissions.View),
        new("GET", "/redfish/v1/SessionService/Sessions", Permissions.View),
    ];

    /// <summary>The permissions each test identity holds.</summary>
    public static IReadOnlyList<string> PermissionsOf(string identity) => identity switch
    {
        ApiTestApp.Viewer => Roles.PermissionsOf(Roles.Viewer),
        ApiTestApp.Operator => Roles.PermissionsOf(Roles.Operator),
        ApiTestApp.Admin => Roles.PermissionsOf(Roles.Admin),
        ApiTestApp.ViewToken => [Permissions.View],
        _ => [],
    };

    /// <summary>The expected outcome: 401 for anonymous callers of protected routes, 403 when a permission is missing, null when allowed.</summary>
    public static int? ExpectedDenial(ApiRoute route, string identity)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Permission == Anonymous)
        {
            return null;
        }

        if (identity == ApiTestApp.Anonymous)
        {
            return route.AnonymousStatus;
        }

        if (route.NoTokens && identity == ApiTestApp.ViewToken)
        {
            return 403;
        }

        return route.Permission == Authenticated || PermissionsOf(identity).Contains(route.Permission) ? null : 403;
    }
}
