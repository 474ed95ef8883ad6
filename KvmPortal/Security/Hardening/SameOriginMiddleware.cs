namespace KvmPortal.Security.Hardening;

/// <summary>
/// Refuses (403) every WebSocket handshake and every state-changing request that a browser sends from another origin, including
/// same-site pages on another port. Requests carrying only a non-ambient credential (Bearer token, X-Auth-Token, X-KVMD headers) and no
/// cookie are left alone: a browser never attaches those by itself. HTTP Basic is ambient (browsers cache it) and is checked.
/// </summary>
public sealed partial class SameOriginMiddleware(RequestDelegate next, SameOriginPolicy policy, ILogger<SameOriginMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var webSocket = HttpMethods.IsConnect(request.Method)
            || request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if ((!webSocket && !unsafeMethod) || (OnlyHeaderCredential(request) && !webSocket) || policy.IsAllowed(request))
        {
            return next(context);
        }

        LogRefused(logger, request.Method, request.Path, request.Headers.Origin.ToString(), request.Headers["Sec-Fetch-Site"].ToString());
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("cross-origin request refused\n", context.RequestAborted);
    }

    private static bool OnlyHeaderCredential(HttpRequest request)
    {
        if (request.Headers.Cookie.Count > 0)
        {
            return false;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || request.Headers.ContainsKey("X-Auth-Token") || request.Headers.ContainsKey("X-KVMD-User");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cross-origin {Method} {Path} (Origin '{Origin}', Sec-Fetch-Site '{FetchSite}')")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string origin, string fetchSite);
}
