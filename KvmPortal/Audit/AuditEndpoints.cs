using System.Globalization;
using System.Text;
using KvmPortal.Auth;

namespace KvmPortal.Audit;

/// <summary>The CSV export of the audit trail (Admin permission): <c>/admin/audit.csv?user=&amp;action=&amp;from=&amp;to=</c> (ISO 8601 times).</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit.csv", async (HttpContext context, AuditQuery audit, CancellationToken ct) =>
        {
            var q = context.Request.Query;
            if (!TryTime(q["from"], out var from) || !TryTime(q["to"], out var to))
            {
                return Results.BadRequest("from and to must be ISO 8601 times");
            }

            var rows = await audit.FindAsync(new AuditFilter(q["user"], q["action"], from, to, 100_000), ct);
            return Results.File(Encoding.UTF8.GetBytes(AuditQuery.ToCsv(rows)), "text/csv; charset=utf-8", "kvmportal-audit.csv");
        }).RequireAuthorization(Permissions.Admin);
        return endpoints;
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
