using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Account;

/// <summary>
/// The account page's actions that renew the security stamp (new password, two-factor on/off, signing out the other sessions) are plain
/// form posts: the stamp and this browser's cookie must be renewed in the same HTTP response, which an interactive circuit cannot send.
/// Each answers with a redirect back to the page carrying an <see cref="AccountResult"/> code. Every change is audited.
/// </summary>
public static class AccountFormEndpoints
{
    public const string PagePath = "/account";

    public static IEndpointRouteBuilder MapAccountForms(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/Account/Forms").RequireAuthorization().DisableAntiforgery();
        group.MapPost("/Password", (HttpContext c, AccountActions a) => RunAsync(c, "password", AuditActions.PasswordChanged, f => a.ChangePasswordAsync(c, f["current"], f["new"], f["confirm"])));
        group.MapPost("/TwoFactor/Enable", (HttpContext c, AccountActions a) => RunAsync(c, "two-factor", AuditActions.TwoFactorEnabled, f => a.EnableTwoFactorAsync(c, f["code"])));
        group.MapPost("/TwoFactor/Disable", (HttpContext c, AccountActions a) => RunAsync(c, "two-factor", AuditActions.TwoFactorDisabled, f => a.DisableTwoFactorAsync(c, f["password"], f["code"])));
        group.MapPost("/Sessions/SignOutOthers", (HttpContext c, AccountActions a) => RunAsync(c, "sessions", AuditActions.SessionsSignedOut, _ => a.SignOutOthersAsync(c)));
        return endpoints;
    }

    private static async Task<RedirectHttpResult> RunAsync(HttpContext context, string section, string auditAction, Func<IFormCollection, Task<string>> action)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            context.RequestServices.GetRequiredService<AuditContext>().WriteFor(context.User.Identity?.Name, auditAction, outcome: AuditOutcome.Denied,
                details: "refused: the form was not posted from this site's page (antiforgery)");
            return Back(AccountResult.FormExpired, section);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        return Back(await action(form), section);
    }

    private static RedirectHttpResult Back(string result, string section) => TypedResults.LocalRedirect($"~{PagePath}?result={result}#{section}");
}
