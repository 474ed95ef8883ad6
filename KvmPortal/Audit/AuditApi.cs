using KvmPortal.Api;
using KvmPortal.Auth;

namespace KvmPortal.Audit;

/// <summary><c>GET /api/audit</c> (Admin): the audit trail, newest first, filtered by <c>user</c>, <c>action</c>, <c>from</c>, <c>to</c> (ISO 8601) and <c>limit</c>.</summary>
public static class AuditApi
{
    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/audit", async (HttpContext context, AuditQuery query) =>
            {
                var filter = new AuditFilter(
                    ApiQuery.Text(context, "user", 256),
                    ApiQuery.Text(context, "action", 64),
                    Time(context, "from"),
                    Time(context, "to"),
                    ApiQuery.Number(context, "limit", 1000, 1, 10_000));
                var rows = await query.FindAsync(filter, context.RequestAborted);
                return ApiEnvelope.Ok(new
                {
                    entries = rows.Select(r => new { time = r.Time, user = r.User, address = r.ClientAddress, action = r.Action, target = r.Target, outcome = r.Outcome.ToString().ToLowerInvariant(), details = r.Details }),
                });
            })
            .AddEndpointFilter<ApiErrorFilter>()
            .RequireAuthorization(Permissions.Admin)
            .WithTags("Audit");

    private static DateTimeOffset? Time(HttpContext context, string name)
    {
        var text = ApiQuery.Text(context, name, 64);
        return text is null ? null
            : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at
            : throw new ApiValidationException($"'{name}' must be an ISO 8601 time");
    }
}
