using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KvmPortal.Account;

/// <summary>Account endpoints that are plain form posts rather than pages.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async ([FromServices] SignInManager<ApplicationUser> signIn, [FromServices] KvmPortal.Audit.AuditContext audit, HttpContext context) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                audit.WriteFor(context.User.Identity.Name, KvmPortal.Audit.AuditActions.Logout);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).AllowAnonymous();
        return endpoints;
    }
}
