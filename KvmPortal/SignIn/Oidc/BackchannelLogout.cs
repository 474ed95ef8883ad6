using System.Text.Json;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KvmPortal.SignIn.Oidc;

/// <summary>
/// OpenID Connect back-channel logout (<c>POST /backchannel-logout-oidc/{id}</c>): the provider tells KvmPortal, server to server, that a
/// user signed out there. The logout token is checked like an ID token (the provider's signing keys from discovery, issuer, audience =
/// our client id, the back-channel event, no nonce); the user found by the token's <c>sub</c> gets a new security stamp and their live
/// channels are revoked, so every KvmPortal browser session of that user ends (KvmPortal does not keep the provider's session ids).
/// API tokens stay valid: they are not sessions. Every request is audited.
/// </summary>
public static class BackchannelLogout
{
    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";

    private const int MaxTokenLength = 16 * 1024;

    public static string Path(string providerId) => $"/backchannel-logout-oidc/{providerId.ToLowerInvariant()}";

    public static IEndpointRouteBuilder MapBackchannelLogout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/backchannel-logout-oidc/{id}", HandleAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string id, HttpContext context, IAuthenticationSchemeProvider schemes, IOptionsMonitor<OpenIdConnectOptions> oidc,
        UserManager<ApplicationUser> users, SessionRevocation revocation, IAuditLog audit, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        var scheme = OidcRegistration.Scheme(id);
        var source = $"{OidcEndpoints.MethodPrefix}{id.ToLowerInvariant()}";
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (await schemes.GetSchemeAsync(scheme) is null)
        {
            return TypedResults.NotFound();
        }

        var token = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken))["logout_token"].ToString() : "";
        var problem = token.Length is 0 or > MaxTokenLength ? "no logout_token" : null;
        JsonWebToken? jwt = null;
        if (problem is null)
        {
            (jwt, problem) = await ValidateAsync(token, oidc.Get(scheme), cancellationToken);
        }

        if (problem is not null || jwt is null)
        {
            audit.Write(AuditActions.Logout, null, address, outcome: AuditOutcome.Denied, details: $"{source}: back-channel logout refused ({problem})");
            return TypedResults.BadRequest(new { error = "invalid_request", error_description = problem });
        }

        var user = jwt.Subject is { Length: > 0 } subject ? await users.FindByLoginAsync(scheme, subject) : null;
        if (user?.UserName is not { } name)
        {
            audit.Write(AuditActions.Logout, null, address, details: $"{source}: back-channel logout for a user without a KvmPortal account (nothing to end)");
            return TypedResults.Ok();
        }

        await users.UpdateSecurityStampAsync(user);
        revocation.Revoke(name);
        audit.Write(AuditActions.Logout, name, address, details: $"{source}: back-channel logout from the provider, sessions ended");
        return TypedResults.Ok();
    }

    private static async Task<(JsonWebToken? Token, string? Problem)> ValidateAsync(string token, OpenIdConnectOptions options, CancellationToken cancellationToken)
    {
        if (options.ConfigurationManager is null)
        {
            return (null, "provider not set up");
        }

        Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await options.ConfigurationManager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return (null, $"provider metadata unavailable: {e.Message}");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.FromMinutes(2),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, $"invalid token ({result.Exception?.GetType().Name ?? "unknown"})");
        }

        if (!jwt.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object || !events.TryGetProperty(EventType, out _))
        {
            return (null, "not a back-channel logout event");
        }

        if (jwt.TryGetPayloadValue<string>("nonce", out _))
        {
            return (null, "a logout token carries no nonce");
        }

        return jwt.Subject is { Length: > 0 } || jwt.TryGetPayloadValue<string>("sid", out _) ? (jwt, null) : (null, "neither sub nor sid");
    }
}
