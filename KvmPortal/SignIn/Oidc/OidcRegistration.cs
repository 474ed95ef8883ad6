using KvmPortal.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace KvmPortal.SignIn.Oidc;

/// <summary>
/// One OpenID Connect handler per configured provider (read at start; a change needs a restart): authorization code flow with PKCE,
/// the answer in the query (a cross-site form post would meet the same-origin guard), claims kept as the provider names them, the
/// result held in Identity's short-lived external cookie until <see cref="OidcEndpoints"/> turns it into a KvmPortal sign-in.
/// </summary>
public static class OidcRegistration
{
    public const string SchemePrefix = "oidc-";

    public static string Scheme(string providerId) => SchemePrefix + providerId.ToLowerInvariant();

    public static string CallbackPath(string providerId) => $"/signin-oidc/{providerId.ToLowerInvariant()}";

    public static void AddKvmOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        var options = configuration.GetSection(SignInOptions.SectionName).Get<SignInOptions>()?.Oidc ?? new OidcOptions();
        foreach (var (id, provider) in options.Providers.Where(p => p.Value.Enabled))
        {
            if (SignInOptionsValidator.Errors(new SignInOptions { Oidc = new OidcOptions { Providers = { [id] = provider } } }).Count > 0)
            {
                continue; // Start-up validation reports it and stops the start.
            }

            authentication.AddOpenIdConnect(Scheme(id), provider.DisplayName, o => Configure(o, id, provider));
        }
    }

    private static void Configure(OpenIdConnectOptions o, string id, OidcProviderOptions p)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = p.Issuer;
        o.RequireHttpsMetadata = !p.AllowHttp;
        o.ClientId = p.ClientId;
        o.ClientSecret = p.ClientSecret.Length > 0 ? p.ClientSecret : null;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.Scope.Clear();
        foreach (var scope in p.EffectiveScopes)
        {
            o.Scope.Add(scope);
        }

        o.CallbackPath = CallbackPath(id);
        o.SignedOutCallbackPath = $"/signout-callback-oidc/{id.ToLowerInvariant()}";
        o.RemoteSignOutPath = $"/signout-oidc/{id.ToLowerInvariant()}";
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.ClaimActions.MapJsonKey(p.RoleClaim, p.RoleClaim);
        o.ClaimActions.MapUniqueJsonKey(p.UserNameClaim, p.UserNameClaim);
        o.ClaimActions.MapUniqueJsonKey("email", "email");
        o.SaveTokens = false;
        o.TokenValidationParameters.NameClaimType = p.UserNameClaim;
        o.TokenValidationParameters.RoleClaimType = p.RoleClaim;
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(10);
        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            // The provider's redirect back is a top-level GET: Lax is enough and works on plain-HTTP labs too.
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        }

        o.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            // RP-initiated logout: without an id_token_hint the provider needs client_id to accept post_logout_redirect_uri.
            context.ProtocolMessage.ClientId = p.ClientId;
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            var audit = context.HttpContext.RequestServices.GetRequiredService<AuditContext>();
            audit.WriteFor(null, AuditActions.LoginFailed, outcome: AuditOutcome.Failure, details: $"oidc:{id}: {Shorten(context.Failure?.Message)}");
            context.Response.Redirect($"/Account/Login?{ExternalMessages.QueryKey}={ExternalMessages.Code(ExternalRefusal.ProviderError)}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static string Shorten(string? message) => message is null ? "failed" : message.Length <= 200 ? message : message[..200];
}
