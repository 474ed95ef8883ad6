using System.Text;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Audit;

namespace KvmPortal.Vnc;

/// <summary>
/// <c>POST /api/users/vnc_password?name=…</c> with the VNC password as the request body (6-8 printable ASCII characters; one trailing
/// newline is ignored), or <c>&amp;clear=true</c> to remove it (classic VNC Authentication off for that user). An admin may set anyone's,
/// a user their own; personal tokens cannot. Audited; the password is never logged.
/// </summary>
public static class VncPasswordApi
{
    private const int MaxBody = 64;

    public static RouteHandlerBuilder MapVncPasswordApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/users/vnc_password", SetAsync).RequireAuthorization().AddEndpointFilter<ApiErrorFilter>().WithTags("Users")
            .AddEndpointFilter(new AuditedEndpointFilter(VncAuditActions.PasswordSet, "name", failuresOnly: true)); // successes: audited in SetAsync

    private static async Task<IResult> SetAsync(HttpContext context, VncPasswordStore store, IAuditLog audit)
    {
        if (context.User.HasClaim(c => c.Type == KvmHeadersAuthenticationHandler.TokenClaim))
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "A token cannot set VNC passwords; sign in with a password");
        }

        var name = ApiQuery.RequiredText(context, "name", 64);
        var caller = context.User.Identity?.Name;
        var self = string.Equals(name, caller, StringComparison.OrdinalIgnoreCase);
        if (!self && !context.User.HasClaim(Permissions.ClaimType, Permissions.Admin))
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "Only an admin can set another user's VNC password");
        }

        string? password = null;
        if (!ApiQuery.Bool(context, "clear", false))
        {
            password = await SecretBody.ReadAsync(context, MaxBody, "VNC password");
            if (VncPasswordStore.CheckPassword(password) is { } problem)
            {
                throw new ApiValidationException(problem);
            }
        }

        if (!await store.SetPasswordAsync(name, password, context.RequestAborted))
        {
            return ApiEnvelope.Error(404, "UserNotFoundError", "No such user");
        }

        audit.Write(password is null ? VncAuditActions.PasswordCleared : VncAuditActions.PasswordSet, caller,
            context.Connection.RemoteIpAddress?.ToString(), name, AuditOutcome.Success);
        return ApiEnvelope.Ok();
    }
}
