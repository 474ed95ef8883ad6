using System.Security.Claims;

namespace KvmPortal.Auth;

/// <summary>
/// Keeps a signed-in user on the password-change or 2FA-enrolment page until the required action is done:
/// pages redirect there, API calls get 403 with a reason.
/// </summary>
public sealed class RequiredActionMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/ChangePassword";
    public const string TwoFactorPath = "/Account/TwoFactor";

    private static readonly string[] AlwaysAllowed = ["/Account/Logout", "/_framework", "/_content", "/_blazor", "/healthz", "/css", "/favicon"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var target = RequiredPage(user);
        var path = context.Request.Path;
        if (target is null || path.StartsWithSegments(target) || AlwaysAllowed.Any(p => path.StartsWithSegments(p)))
        {
            await next(context);
            return;
        }

        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/redfish"))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { ok = false, result = new { error = "RequiredActionError", error_msg = $"Complete {target} first" } });
            return;
        }

        context.Response.Redirect(target);
    }

    private static string? RequiredPage(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        if (user.HasClaim(KvmClaimsFactory.MustChangePasswordClaim, "true"))
        {
            return ChangePasswordPath;
        }

        return user.HasClaim(KvmClaimsFactory.MustEnrolTwoFactorClaim, "true") ? TwoFactorPath : null;
    }
}
