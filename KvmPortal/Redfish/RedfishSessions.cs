using System.Security.Claims;
using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Redfish;

/// <summary>SessionService: POST Sessions with UserName/Password (anonymous) returns X-Auth-Token and Location; GET lists; DELETE ends one.</summary>
public static class RedfishSessions
{
    public const string Service = RedfishApi.Root + "/SessionService";
    public const string Sessions = Service + "/Sessions";

    public static void Map(IEndpointRouteBuilder endpoints, RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        endpoints.MapPost(Sessions, LoginAsync).AllowAnonymous().AddEndpointFilter<RedfishErrorFilter>().WithTags("Redfish");
        group.MapGet("/SessionService", () => Results.Json(new Dictionary<string, object>
        {
            ["@odata.id"] = Service,
            ["@odata.type"] = "#SessionService.v1_1_8.SessionService",
            ["Id"] = "SessionService",
            ["Name"] = "Session Service",
            ["ServiceEnabled"] = true,
            ["SessionTimeout"] = (int)RedfishSessionStore.IdleTimeout.TotalSeconds,
            ["Sessions"] = RedfishApi.Link(Sessions),
        }));
        group.MapGet("/SessionService/Sessions", (HttpContext context, RedfishSessionStore store) =>
            RedfishApi.Collection("/SessionService/Sessions", "#SessionCollection.SessionCollection", "Session Collection",
                [.. store.List(Owner(context)).Select(s => Sessions + "/" + s.Id)]));
        group.MapGet("/SessionService/Sessions/{id}", (string id, HttpContext context, RedfishSessionStore store) =>
            store.Get(id) is { } s && s.UserId == Owner(context)
                ? Results.Json(Resource(s))
                : RedfishErrors.Error(404, "Base.1.8.ResourceMissingAtURI", "No such session"));
        group.MapDelete("/SessionService/Sessions/{id}", (string id, HttpContext context, RedfishSessionStore store) =>
            store.Get(id) is { } s && s.UserId == Owner(context) && store.Remove(id)
                ? Results.NoContent()
                : RedfishErrors.Error(404, "Base.1.8.ResourceMissingAtURI", "No such session"));
    }

    private static string? Owner(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier);

    private static Dictionary<string, object?> Resource(RedfishSession s) => new()
    {
        ["@odata.id"] = Sessions + "/" + s.Id,
        ["@odata.type"] = "#Session.v1_3_0.Session",
        ["Id"] = s.Id,
        ["Name"] = "User Session",
        ["UserName"] = s.UserName,
    };

    private static async Task<IResult> LoginAsync(HttpContext context, SignInManager<ApplicationUser> signIn, RedfishSessionStore store)
    {
        var body = await RedfishApi.ReadBodyAsync(context);
        if (body is not { } json || !TryString(json, "UserName", out var name) || !TryString(json, "Password", out var password))
        {
            return RedfishErrors.Error(400, "Base.1.8.PropertyMissing", "UserName and Password are required");
        }

        var user = await ApiPasswordCheck.VerifyAsync(signIn, name, password);
        if (user is null)
        {
            return RedfishErrors.Error(401, "Base.1.8.NoValidSession", "Invalid credentials");
        }

        var session = store.Create(user.Id, user.UserName ?? name, context.Connection.RemoteIpAddress?.ToString());
        context.Response.Headers["X-Auth-Token"] = session.Token;
        context.Response.Headers.Location = Sessions + "/" + session.Id;
        return Results.Json(Resource(session), statusCode: 201);
    }

    private static bool TryString(JsonElement json, string name, out string value)
    {
        value = json.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";
        return value.Length > 0;
    }
}
