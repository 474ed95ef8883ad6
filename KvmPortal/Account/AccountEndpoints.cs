using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KvmPortal.Account;

/// <summary>Account endpoints that are plain form posts rather than pages.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async ([FromServices] KvmPortal.Auth.SessionLogout logout, [FromServices] KvmPortal.Audit.AuditContext audit, HttpContext context) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                audit.WriteFor(context.User.Identity.Name, KvmPortal.Audit.AuditActions.Logout, details: "cookie");
            }

            var principal = context.User;
            await logout.EndCurrentAsync(context, closeChannelsAfterResponse: true); // server-side: a copy of the cookie is refused from now on
            context.User = principal; // the provider's sign-out needs to know where the user came from
            return await KvmPortal.SignIn.Oidc.OidcEndpoints.SignOutAsync(context) ? Results.Empty : TypedResults.LocalRedirect("~/Account/Login");
        }).AllowAnonymous();
        return endpoints;
    }
}
