using System.Globalization;
using KvmPortal.Api;
using KvmPortal.Auth;

namespace KvmPortal.Macros;

/// <summary><c>/api/macros</c>: list the macros the caller may see, run one (Macros permission plus the permissions of its steps).</summary>
public static class MacrosApi
{
    public static RouteGroupBuilder MapMacrosApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/macros").AddEndpointFilter<ApiErrorFilter>().RequireAuthorization(Permissions.Macros).WithTags("Macros");
        group.MapGet("", async (HttpContext context, MacroStore store) =>
        {
            var list = await store.ListAsync(context.User.Identity?.Name ?? "", context.RequestAborted);
            return ApiEnvelope.Ok(new
            {
                macros = list.Select(m => new { id = m.Id, name = m.Name, owner = m.Owner, shared = m.Shared, steps = MacroJson.DeserializeSteps(m.StepsJson).Count }),
            });
        });
        group.MapPost("/run", async (HttpContext context, MacroStore store, MacroRunner runner) =>
        {
            var id = ApiQuery.RequiredNumber(context, "id", 1, int.MaxValue);
            var speedText = ApiQuery.Text(context, "speed", 16);
            var speed = 1.0;
            if (speedText is not null && (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) ||
                                          speed < MacroRunner.MinSpeed || speed > MacroRunner.MaxSpeed))
            {
                throw new ApiValidationException($"speed must be between {MacroRunner.MinSpeed} and {MacroRunner.MaxSpeed}");
            }

            var macro = await store.GetAsync(id, context.User.Identity?.Name ?? "", context.RequestAborted);
            if (macro is null)
            {
                return ApiEnvelope.Error(404, "MacroNotFoundError", "No such macro");
            }

            var result = await runner.RunAsync(macro.Name, MacroJson.DeserializeSteps(macro.StepsJson), speed, context.User,
                context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
            if (result == MacroRunResult.Refused)
            {
                context.Items[KvmPortal.Audit.AuditedEndpointFilter.AlreadyAudited] = true; // the runner wrote the refusal with its reason
                return ApiEnvelope.Error(403, "ForbiddenError", "Refused: your role lacks a permission this macro's steps need, or another user holds exclusive control of the keyboard and mouse (the audit log says which)");
            }

            return ApiEnvelope.Ok(new { result = result.ToString().ToLowerInvariant() });
        }).AddEndpointFilter(new KvmPortal.Audit.AuditedEndpointFilter(KvmPortal.Audit.AuditActions.MacroRun, "id", failuresOnly: true)); // runs and refusals: audited by MacroRunner
        return group;
    }
}
