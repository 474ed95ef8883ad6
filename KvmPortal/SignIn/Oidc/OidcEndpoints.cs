using System.Security.Claims;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Oidc;

/// <summary>
/// <c>GET /Account/External/{id}</c> sends the browser to the provider; the provider's answer lands on the handler's callback, which
/// redirects to <c>GET /Account/External/{id}/done</c>: the claims are mapped to an account (<see cref="ExternalAccounts"/>) and the
/// KvmPortal cookie is issued. <c>POST /Account/Logout</c> (AccountEndpoints) calls <see cref="SignOutAsync"/> to end the provider's
/// session too (RP-initiated logout) where the provider offers an end_session_endpoint.
/// </summary>
public static partial class OidcEndpoints
{
    public const string MethodPrefix = "oidc:";

    // The key Identity's own external-login code uses for the same purpose: which scheme the external cookie came from.
    private const string LoginProviderKey = "LoginProvider";

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/Account/External/{id}", ChallengeAsync).AllowAnonymous();
        endpoints.MapGet("/Account/External/{id}/done", DoneAsync).AllowAnonymous();
        endpoints.MapBackchannelLogout();
        return endpoints;
    }

    /// <summary>Signs the caller out at their provider when they came through one; returns false when there is nothing to do.</summary>
    public static async Task<bool> SignOutAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.User.FindFirst(ClaimTypes.AuthenticationMethod)?.Value;
        if (method is null || !method.StartsWith(MethodPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var scheme = OidcRegistration.Scheme(method[MethodPrefix.Length..]);
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(scheme) is null)
        {
            return false;
        }

        try
        {
            await context.SignOutAsync(scheme, new AuthenticationProperties { RedirectUri = "/Account/Login" });
            if (context.Response.StatusCode is >= 300 and < 400 && !context.Response.HasStarted && context.Response.Headers.Location.ToString() is { Length: > 0 } endSession)
            {
                // Leave the console page at once: a 302 to the provider keeps the old page (and its Blazor script, which sees its circuit
                // end with the session and reloads the page) alive until the provider answers; under load that reload won the race and
                // cancelled the navigation to the provider. A page of ours replaces it immediately and then moves on to the provider.
                context.Response.Headers.Location = default;
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.Headers.CacheControl = "no-store";
                await Hop(endSession, "Signing out · KvmPortal", "Signed out here; signing out at the identity provider.").ExecuteAsync(context);
                return true;
            }

            return context.Response.HasStarted;
        }
        catch (InvalidOperationException e)
        {
            // The provider is unreachable (metadata) or offers no end_session_endpoint: the local sign-out still happened.
            LogProviderSignOutFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcEndpoints)), scheme, e.Message);
            return false;
        }
    }

    private static async Task<IResult> ChallengeAsync(string id, string? returnUrl, HttpContext context, IAuthenticationSchemeProvider schemes, AuditContext audit)
    {
        var scheme = OidcRegistration.Scheme(id);
        if (await schemes.GetSchemeAsync(scheme) is null)
        {
            return TypedResults.NotFound();
        }

        var properties = new AuthenticationProperties
        {
            RedirectUri = $"/Account/External/{Uri.EscapeDataString(id.ToLowerInvariant())}/done?returnUrl={Uri.EscapeDataString(LocalUrl.Sanitize(returnUrl))}",
        };
        properties.Items[LoginProviderKey] = scheme;
        try
        {
            await context.ChallengeAsync(scheme, properties);
            return TypedResults.Empty;
        }
        catch (InvalidOperationException e)
        {
            audit.WriteFor(null, AuditActions.LoginFailed, outcome: AuditOutcome.Failure, details: $"{MethodPrefix}{id}: provider unreachable ({e.Message})");
            return Refuse(ExternalRefusal.Unreachable);
        }
    }

    private static async Task<IResult> DoneAsync(string id, string? returnUrl, HttpContext context, ExternalAccounts accounts,
        SignInManager<ApplicationUser> signIn, IOptionsMonitor<SignInOptions> options, AuditContext audit, CancellationToken cancellationToken)
    {
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        var scheme = OidcRegistration.Scheme(id);
        if (!external.Succeeded || external.Principal is not { } principal ||
            external.Properties?.Items.TryGetValue(LoginProviderKey, out var from) != true || !string.Equals(from, scheme, StringComparison.Ordinal) ||
            !options.CurrentValue.Oidc.Providers.TryGetValue(id, out var provider))
        {
            audit.WriteFor(null, AuditActions.LoginFailed, outcome: AuditOutcome.Failure, details: $"{MethodPrefix}{id}: no completed sign-in to finish");
            return Refuse(ExternalRefusal.ProviderError);
        }

        var identity = Map(id, scheme, provider, principal);
        if (identity is null)
        {
            audit.WriteFor(null, AuditActions.LoginFailed, outcome: AuditOutcome.Failure, details: $"{MethodPrefix}{id}: no subject or user name claim");
            return Refuse(ExternalRefusal.BadIdentity);
        }

        var address = context.Connection.RemoteIpAddress?.ToString();
        var result = await accounts.ResolveAsync(identity, address, cancellationToken);
        if (!result.Succeeded)
        {
            return Refuse(result.Refusal);
        }

        await signIn.SignInAsync(result.User!, isPersistent: false, authenticationMethod: MethodPrefix + id.ToLowerInvariant());
        audit.WriteFor(result.User!.UserName, AuditActions.LoginSucceeded, details: $"{MethodPrefix}{id} as {identity.Role}");
        var themes = context.RequestServices.GetRequiredService<KvmPortal.Layout.ThemePreferences>();
        await themes.WriteCookieAsync(context, result.User.UserName!);
        return SameSiteHop(LocalUrl.Sanitize(returnUrl));
    }

    private static ExternalIdentity? Map(string id, string scheme, OidcProviderOptions provider, ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst("sub")?.Value;
        var name = principal.FindFirst(provider.UserNameClaim)?.Value ?? subject;
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var groups = principal.FindAll(provider.RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        return new ExternalIdentity($"{MethodPrefix}{id.ToLowerInvariant()}", scheme, subject, name.Trim(), principal.FindFirst("email")?.Value, groups, provider.Roles.RoleFor(groups));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult Refuse(ExternalRefusal refusal) =>
        TypedResults.LocalRedirect($"~/Account/Login?{ExternalMessages.QueryKey}={ExternalMessages.Code(refusal)}");

    /// <summary>
    /// The provider's redirect made this a cross-site navigation, so the browser would not send the SameSite=Strict session cookie on
    /// a plain redirect to the console; a page on this site that moves on by itself makes the next request same-site.
    /// </summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult SameSiteHop(string target) => Hop(target, "Signing in · KvmPortal", "Signed in.");

    /// <summary>A minimal page that moves on to <paramref name="target"/> by itself (meta refresh; no script, so the CSP allows it).</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Hop(string target, string title, string text)
    {
        var encoded = System.Net.WebUtility.HtmlEncode(target);
        return TypedResults.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={encoded}\"><title>{title}</title></head>" +
            $"<body><p>{text} <a href=\"{encoded}\">Continue</a></p></body></html>", "text/html; charset=utf-8");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing out at the identity provider ({Scheme}) failed: {Error}")]
    private static partial void LogProviderSignOutFailed(ILogger logger, string scheme, string error);
}
