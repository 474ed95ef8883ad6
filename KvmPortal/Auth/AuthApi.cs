using KvmPortal.Api;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>PiKVM's <c>/api/auth</c>: login (form user/passwd → cookie), logout (ends the calling session server-side), check.</summary>
public static class AuthApi
{
    private static readonly string[] RedirectAllowList = ["", "/", "/kvm", "/kvm/"];

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").AddEndpointFilter<ApiErrorFilter>().WithTags("Auth");
        group.MapGet("/check", () => ApiEnvelope.Ok()).RequireAuthorization(Permissions.View);
        group.MapPost("/login", LoginAsync).AllowAnonymous();
        group.MapPost("/logout", async (SessionLogout logout, IAuthAudit audit, HttpContext context) =>
        {
            // Ends this session only (cookie or Redfish session), server-side; a token's or password's logout ends nothing else.
            var ended = await logout.EndCurrentAsync(context);
            audit.Logout(context.User.Identity?.Name, context.Connection.RemoteIpAddress?.ToString(), ended?.Split(':')[0] ?? "no session");
            return ApiEnvelope.Ok();
        }).RequireAuthorization();
        return group;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SignInManager<ApplicationUser> signIn, LoginService logins)
    {
        if (!context.Request.HasFormContentType)
        {
            return ApiEnvelope.Error(400, "ValidatorError", "Send user and passwd as a form");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["user"].ToString();
        var password = form["passwd"].ToString();
        var redirect = form["redirect"].ToString();
        if (name.Length == 0 || form["user"].Count > 1 || form["passwd"].Count > 1 ||
            (form.ContainsKey("expire") && !int.TryParse(form["expire"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) ||
            (form.ContainsKey("redirect") && !RedirectAllowList.Contains(redirect, StringComparer.Ordinal) && !PikvmRedirect.IsSameSiteRelative(redirect)))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "Invalid login parameters");
        }

        var user = await logins.VerifyAsync(name, password, "api-login", context.Connection.RemoteIpAddress?.ToString(), totpSuffix: true, auditSuccess: true, context.RequestAborted);
        if (user is null)
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "Invalid credentials");
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return form.ContainsKey("redirect") ? Results.Redirect(PikvmRedirect.Target(redirect)) : ApiEnvelope.Ok();
    }
}
