using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;

namespace KvmPortal.Atx;

/// <summary>PiKVM's <c>/api/atx</c> routes: state (View), power and click (Power). KvmPortal adds <c>action=cycle</c>.</summary>
public static class AtxApi
{
    private static readonly string[] Actions = ["on", "off", "off_hard", "reset_hard", "cycle"];
    private static readonly string[] ButtonNames = ["power", "power_long", "reset"];

    public static RouteGroupBuilder MapAtxApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/atx").AddEndpointFilter<ApiErrorFilter>().WithTags("ATX");
        group.MapGet("", (IAtxPower atx) => ApiEnvelope.Ok(ApiStates.Atx(atx))).RequireAuthorization(Permissions.View);
        group.MapPost("/power", PowerAsync).RequireAuthorization(Permissions.Power).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.Power, "action"));
        group.MapPost("/click", ClickAsync).RequireAuthorization(Permissions.Power).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.Power, "button"));
        return group;
    }

    private static async Task<IResult> PowerAsync(HttpContext context, IAtxPower atx)
    {
        var action = ApiQuery.Choice(context, "action", Actions);
        var wait = ApiQuery.Bool(context, "wait", false);
        var token = wait ? context.RequestAborted : CancellationToken.None;
        if (action == "cycle")
        {
            await atx.PowerCycleAsync(wait, token);
            return ApiEnvelope.Ok();
        }

        await atx.PowerAsync(action switch
        {
            "on" => AtxPowerAction.On,
            "off" => AtxPowerAction.Off,
            "off_hard" => AtxPowerAction.OffHard,
            _ => AtxPowerAction.ResetHard,
        }, wait, token);
        return ApiEnvelope.Ok();
    }

    private static async Task<IResult> ClickAsync(HttpContext context, IAtxPower atx)
    {
        var button = ApiQuery.Choice(context, "button", ButtonNames);
        var wait = ApiQuery.Bool(context, "wait", false);
        await atx.ClickAsync(button switch
        {
            "power" => AtxButton.Power,
            "power_long" => AtxButton.PowerLong,
            _ => AtxButton.Reset,
        }, wait, wait ? context.RequestAborted : CancellationToken.None);
        return ApiEnvelope.Ok();
    }
}
