using System.Text;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;

namespace KvmPortal.Ipmi;

/// <summary>
/// <c>POST /api/users/ipmi_password?name=…</c> with the password as the request body (8-20 printable ASCII characters; one trailing
/// newline is ignored), or <c>&amp;clear=true</c> to remove it (IPMI off for that user). An admin may set anyone's, a user their own;
/// personal tokens cannot. The user's open IPMI sessions end; the change is audited, the password never logged.
/// </summary>
public static class IpmiPasswordApi
{
    private const int MaxBody = 256;

    public static RouteHandlerBuilder MapIpmiPasswordApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/users/ipmi_password", SetAsync).RequireAuthorization().AddEndpointFilter<ApiErrorFilter>().WithTags("Users")
            .AddEndpointFilter(new AuditedEndpointFilter(IpmiAuditActions.PasswordSet, "name", failuresOnly: true)); // successes: audited below

    private static async Task<IResult> SetAsync(HttpContext context, IpmiUserStore store, IpmiSessionTable sessions, IAuditLog audit)
    {
        if (context.User.HasClaim(c => c.Type == KvmHeadersAuthenticationHandler.TokenClaim))
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "A token cannot set IPMI passwords; sign in with a password");
        }

        var name = ApiQuery.RequiredText(context, "name", 64);
        var caller = context.User.Identity?.Name;
        var self = string.Equals(name, caller, StringComparison.OrdinalIgnoreCase);
        if (!self && !context.User.HasClaim(Permissions.ClaimType, Permissions.Admin))
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "Only an admin can set another user's IPMI password");
        }

        string? password = null;
        if (!ApiQuery.Bool(context, "clear", false))
        {
            password = await SecretBody.ReadAsync(context, MaxBody, "IPMI password");
            if (IpmiUserStore.CheckPassword(password) is { } problem)
            {
                throw new ApiValidationException(problem);
            }
        }

        if (Encoding.ASCII.GetByteCount(name) > IpmiUserStore.MaxUserNameLength || name.Any(c => c is < '!' or > '~'))
        {
            throw new ApiValidationException($"IPMI user names are at most {IpmiUserStore.MaxUserNameLength} ASCII characters without spaces; this user cannot use IPMI");
        }

        if (!await store.SetPasswordAsync(name, password, context.RequestAborted))
        {
            return ApiEnvelope.Error(404, "UserNotFoundError", "No such user");
        }

        var ended = sessions.EndUser(name, "IPMI password changed");
        audit.Write(password is null ? IpmiAuditActions.PasswordCleared : IpmiAuditActions.PasswordSet, caller,
            context.Connection.RemoteIpAddress?.ToString(), name, AuditOutcome.Success, ended > 0 ? $"{ended} IPMI session(s) ended" : null);
        return ApiEnvelope.Ok();
    }
}
