namespace KvmPortal.Audit;

/// <summary>
/// Writes one audit row for a state-changing API call: the action (fixed, or chosen from the request), the caller, the target taken
/// from a query parameter, and the outcome from the status code (an exception counts as a failure and is rethrown).
/// </summary>
public sealed class AuditedEndpointFilter(Func<HttpContext, string> action, string? targetParameter, bool failuresOnly = false) : IEndpointFilter
{
    /// <summary>
    /// The <see cref="HttpContext.Items"/> key an endpoint sets when the service behind it has already audited this request's outcome
    /// (a refusal with its reason), so the request gets one row, not two.
    /// </summary>
    public const string AlreadyAudited = "KvmPortal.Audit.AlreadyAudited";

    public AuditedEndpointFilter(string action, string? targetParameter, bool failuresOnly = false)
        : this(_ => action, targetParameter, failuresOnly)
    {
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        try
        {
            var result = await next(context);
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
            if ((failuresOnly && status < 400) || http.Items.ContainsKey(AlreadyAudited))
            {
                return result; // the service behind the endpoint audited this itself
            }

            Write(http, status < 400 ? AuditOutcome.Success : status is 401 or 403 ? AuditOutcome.Denied : AuditOutcome.Failure, status);
            return result;
        }
        catch
        {
            Write(http, AuditOutcome.Failure, null);
            throw;
        }
    }

    private void Write(HttpContext http, AuditOutcome outcome, int? status)
    {
        var target = targetParameter is null ? null : http.Request.Query[targetParameter].ToString();
        http.RequestServices.GetRequiredService<IAuditLog>().Write(
            action(http),
            http.User.Identity?.Name,
            http.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(target) ? null : target,
            outcome,
            $"{http.Request.Method} {http.Request.Path}{(status is { } s ? $" → {s}" : "")}" +
            (http.Request.ContentLength is { } length ? $", {length} bytes" : ""));
    }
}
