using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Msd;

namespace KvmPortal.Redfish;

/// <summary>
/// A small Redfish service: the service root (anonymous), Systems/0 with PowerState and ComputerSystem.Reset, Managers/BMC with the
/// virtual CD (VirtualMedia.InsertMedia/EjectMedia) and SessionService. Authentication: HTTP Basic or a session's X-Auth-Token.
/// </summary>
public static class RedfishApi
{
    public const string Root = "/redfish/v1";
    public const string System = Root + "/Systems/0";

    public static readonly string[] ResetTypes = ["On", "ForceOff", "GracefulShutdown", "ForceRestart", "PowerCycle", "PushPowerButton"];

    public static IEndpointRouteBuilder MapRedfish(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/redfish", () => Results.Json(new Dictionary<string, string> { ["v1"] = Root + "/" })).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(Root, ServiceRoot).AllowAnonymous().WithTags("Redfish");
        var group = endpoints.MapGroup(Root).WithTags("Redfish").RequireAuthorization(Permissions.View).AddEndpointFilter<RedfishErrorFilter>();
        group.MapGet("/Systems", () => Collection("/Systems", "#ComputerSystemCollection.ComputerSystemCollection", "Computer System Collection", System));
        group.MapGet("/Systems/0", (IAtxPower atx) => Results.Json(SystemResource(atx)));
        group.MapMethods("/Systems/0", ["PATCH"], () => Results.NoContent());
        group.MapPost("/Systems/0/Actions/ComputerSystem.Reset", ResetAsync).RequireAuthorization(Permissions.Power);
        RedfishManagers.Map(group);
        RedfishSessions.Map(endpoints, group);
        return endpoints;
    }

    public static IResult Collection(string path, string type, string name, params string[] members) => Results.Json(new Dictionary<string, object>
    {
        ["@odata.id"] = Root + path,
        ["@odata.type"] = type,
        ["Name"] = name,
        ["Members@odata.count"] = members.Length,
        ["Members"] = members.Select(m => new Dictionary<string, string> { ["@odata.id"] = m }).ToArray(),
    });

    public static Dictionary<string, string> Link(string path) => new() { ["@odata.id"] = path };

    /// <summary>Reads a JSON object body (at most 64 KiB); null when it is not one.</summary>
    public static async Task<JsonElement?> ReadBodyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > 65536)
        {
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult ServiceRoot() => Results.Json(new Dictionary<string, object>
    {
        ["@odata.id"] = Root + "/",
        ["@odata.type"] = "#ServiceRoot.v1_6_0.ServiceRoot",
        ["Id"] = "RootService",
        ["Name"] = "KvmPortal Redfish Service",
        ["RedfishVersion"] = "1.6.0",
        ["UUID"] = "6b766d70-6f72-7461-6c00-000000000001",
        ["Product"] = "KvmPortal",
        ["Vendor"] = "KvmPortal",
        ["Systems"] = Link(Root + "/Systems"),
        ["Managers"] = Link(Root + "/Managers"),
        ["SessionService"] = Link(Root + "/SessionService"),
        ["Links"] = new Dictionary<string, object> { ["Sessions"] = Link(Root + "/SessionService/Sessions") },
    });

    private static Dictionary<string, object> SystemResource(IAtxPower atx) => new()
    {
        ["@odata.id"] = System,
        ["@odata.type"] = "#ComputerSystem.v1_10_0.ComputerSystem",
        ["Id"] = "0",
        ["Name"] = "Target server",
        ["SystemType"] = "Physical",
        ["PowerState"] = atx.State.PowerLed ? "On" : "Off",
        ["Status"] = new Dictionary<string, string> { ["State"] = atx.State.Enabled ? "Enabled" : "Disabled", ["Health"] = "OK" },
        ["Boot"] = new Dictionary<string, object>
        {
            ["BootSourceOverrideEnabled"] = "Disabled",
            ["BootSourceOverrideTarget"] = "None",
            ["BootSourceOverrideTarget@Redfish.AllowableValues"] = new[] { "None" },
        },
        ["Links"] = new Dictionary<string, object> { ["ManagedBy"] = new[] { Link(RedfishManagers.Manager) } },
        ["Actions"] = new Dictionary<string, object>
        {
            ["#ComputerSystem.Reset"] = new Dictionary<string, object>
            {
                ["target"] = System + "/Actions/ComputerSystem.Reset",
                ["ResetType@Redfish.AllowableValues"] = ResetTypes,
            },
        },
    };

    private static async Task<IResult> ResetAsync(HttpContext context, IAtxPower atx)
    {
        var body = await ReadBodyAsync(context);
        if (body is not { } json || !json.TryGetProperty("ResetType", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return RedfishErrors.Error(400, "Base.1.8.ActionParameterMissing", "ResetType is required");
        }

        var type = typeElement.GetString();
        var ct = CancellationToken.None;
        switch (type)
        {
            case "On" or "ForceOn":
                await atx.PowerAsync(AtxPowerAction.On, false, ct);
                break;
            case "ForceOff":
                await atx.PowerAsync(AtxPowerAction.OffHard, false, ct);
                break;
            case "GracefulShutdown":
                await atx.PowerAsync(AtxPowerAction.Off, false, ct);
                break;
            case "ForceRestart":
                await atx.PowerAsync(AtxPowerAction.ResetHard, false, ct);
                break;
            case "PowerCycle":
                await atx.PowerCycleAsync(false, ct);
                break;
            case "PushPowerButton":
                await atx.ClickAsync(AtxButton.Power, false, ct);
                break;
            default:
                return RedfishErrors.BadRequest($"ResetType must be one of {string.Join(", ", ResetTypes)}");
        }

        return Results.NoContent();
    }
}
