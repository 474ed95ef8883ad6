using System.Text.Json;
using Fido2NetLib;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Passkeys;

/// <summary>
/// The passkey ceremonies as JSON endpoints for the pages' script (same-origin POSTs only: the hardening middleware refuses others).
/// Registration lives under <c>/Account/TwoFactor/Passkeys</c> so a user whose role requires a second factor can reach it before
/// enrolling; sign-in under <c>/Account/Passkey</c>. The pending ceremony's id travels in a short-lived HttpOnly cookie.
/// </summary>
public static class PasskeyEndpoints
{
    public const string ManagePath = "/Account/TwoFactor/Passkeys";
    private const string CeremonyCookie = "kvm_webauthn";

    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var manage = endpoints.MapGroup(ManagePath).RequireAuthorization();
        manage.MapPost("/options", BeginRegistrationAsync);
        // Successes (and ceremony failures) are audited by the handlers; a refused request (bad input, no ceremony) gets its row here.
        manage.MapPost("/register", FinishRegistrationAsync).AddEndpointFilter(new AuditedEndpointFilter(PasskeyAuditActions.Added, null, failuresOnly: true));
        manage.MapPost("/remove", RemoveAsync).DisableAntiforgery().AddEndpointFilter(new AuditedEndpointFilter(PasskeyAuditActions.Removed, null, failuresOnly: true));
        endpoints.MapPost("/Account/Passkey/options", BeginSignIn).AllowAnonymous();
        endpoints.MapPost("/Account/Passkey/signin", SignInAsync).AllowAnonymous()
            .AddEndpointFilter(new AuditedEndpointFilter(AuditActions.LoginFailed, null, failuresOnly: true));
        return endpoints;
    }

    private static async Task<IResult> BeginRegistrationAsync(HttpContext context, PasskeyService passkeys, UserManager<ApplicationUser> users, IOptionsMonitor<SignInOptions> configured)
    {
        if (!configured.CurrentValue.Passkeys.Enabled)
        {
            return TypedResults.NotFound();
        }

        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        if (user.ExternalSource is not null)
        {
            return Problem("This account signs in through " + user.ExternalSource + "; passkeys are for local accounts.");
        }

        var (ceremony, json) = await passkeys.BeginRegistrationAsync(context.Request, user, context.RequestAborted);
        SetCeremony(context, ceremony);
        return TypedResults.Text(json, "application/json");
    }

    private static async Task<IResult> FinishRegistrationAsync(HttpContext context, [FromQuery] string? name, PasskeyService passkeys,
        UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null || user.ExternalSource is not null)
        {
            return TypedResults.Unauthorized();
        }

        var response = await ReadAsync<AuthenticatorAttestationRawResponse>(context);
        if (response is null)
        {
            return Problem("The browser sent no credential.");
        }

        var error = await passkeys.FinishRegistrationAsync(context.Request, user, TakeCeremony(context), name ?? "", response,
            context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (error is not null)
        {
            // The endpoint's filter writes the refusal's row (the service audits only successes).
            return Problem(error);
        }

        await signIn.RefreshSignInAsync(user); // a passkey may satisfy the "2FA required" rule: new claims now
        return TypedResults.Ok(new { ok = true });
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, PasskeyService passkeys, UserManager<ApplicationUser> users,
        SignInManager<ApplicationUser> signIn)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        // Antiforgery is checked here rather than by form binding, so a refused post still reaches the audit filter.
        var antiforgery = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest("Post the form from the passkeys page.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!int.TryParse(form["id"], System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return TypedResults.BadRequest("Say which passkey to remove (id).");
        }

        if (!await passkeys.RemoveAsync(user, id, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted))
        {
            return TypedResults.NotFound();
        }

        await signIn.RefreshSignInAsync(user);
        return TypedResults.LocalRedirect("~" + ManagePath);
    }

    private static IResult BeginSignIn(HttpContext context, PasskeyService passkeys, IOptionsMonitor<SignInOptions> configured)
    {
        if (!configured.CurrentValue.Passkeys.Enabled)
        {
            return TypedResults.NotFound();
        }

        var (ceremony, json) = passkeys.BeginSignIn(context.Request);
        SetCeremony(context, ceremony);
        return TypedResults.Text(json, "application/json");
    }

    private static async Task<IResult> SignInAsync(HttpContext context, [FromQuery] string? returnUrl, PasskeyService passkeys,
        SignInManager<ApplicationUser> signIn, AuditContext audit)
    {
        var response = await ReadAsync<AuthenticatorAssertionRawResponse>(context);
        if (response is null)
        {
            return Problem("The browser sent no credential.");
        }

        var (user, failure) = await passkeys.FinishSignInAsync(context.Request, TakeCeremony(context), response, context.RequestAborted);
        if (failure is not null || user is null)
        {
            audit.WriteFor(user?.UserName, AuditActions.LoginFailed, outcome: AuditOutcome.Failure, details: $"{PasskeyAuditActions.Method}: {failure}");
            context.Items[AuditedEndpointFilter.AlreadyAudited] = true; // one row, with the reason
            return Problem("This passkey was not accepted.", StatusCodes.Status401Unauthorized);
        }

        if (user.ExternalSource is not null || !await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
        {
            audit.WriteFor(user.UserName, AuditActions.LoginFailed, outcome: AuditOutcome.Denied, details: $"{PasskeyAuditActions.Method}: account disabled, locked or external");
            context.Items[AuditedEndpointFilter.AlreadyAudited] = true;
            return Problem("This account cannot sign in now (disabled or locked).", StatusCodes.Status403Forbidden);
        }

        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: PasskeyAuditActions.Method);
        audit.WriteFor(user.UserName, AuditActions.LoginSucceeded, details: PasskeyAuditActions.Method);
        await context.RequestServices.GetRequiredService<KvmPortal.Layout.ThemePreferences>().WriteCookieAsync(context, user.UserName!);
        return TypedResults.Ok(new { redirect = LocalUrl.Sanitize(returnUrl) });
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void SetCeremony(HttpContext context, string ceremony) =>
        context.Response.Cookies.Append(CeremonyCookie, ceremony, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/Account",
            MaxAge = PasskeyChallenges.Lifetime,
        });

    private static string? TakeCeremony(HttpContext context)
    {
        var ceremony = context.Request.Cookies[CeremonyCookie];
        context.Response.Cookies.Delete(CeremonyCookie, new CookieOptions { Path = "/Account" });
        return ceremony;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Refusal> Problem(string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Json(new Refusal(false, message), statusCode: status);

    /// <summary>The JSON body of a refused ceremony step: <c>{"ok":false,"error":"…"}</c>.</summary>
    private sealed record Refusal(bool Ok, string Error);
}
