using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Hardware.Wol;

namespace KvmPortal.Atx;

/// <summary>KvmPortal's <c>/api/wol</c>: state (View) and wake (Power).</summary>
public static class WolApi
{
    public static RouteGroupBuilder MapWolApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/wol").AddEndpointFilter<ApiErrorFilter>().WithTags("Wake-on-LAN");
        group.MapGet("", (IWakeOnLan wol) => ApiEnvelope.Ok(new { enabled = wol.Enabled, mac = wol.TargetMac })).RequireAuthorization(Permissions.View);
        group.MapPost("/wake", async (IWakeOnLan wol, CancellationToken ct) =>
        {
            await wol.SendAsync(ct);
            return ApiEnvelope.Ok();
        }).RequireAuthorization(Permissions.Power);
        return group;
    }
}
