using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// PiKVM's ways to authenticate an API call, plus KvmPortal's: <c>X-KVMD-User</c>/<c>X-KVMD-Passwd</c> headers, HTTP Basic (never
/// challenged), <c>Authorization: Bearer kvmp_…</c> personal tokens and Redfish's <c>X-Auth-Token</c>. Passwords go through
/// <see cref="SignInManager{TUser}.CheckPasswordSignInAsync"/> with lockout, and a user with 2FA appends the TOTP code to the password
/// (as PiKVM). The principal is always built by the app's claims factory, so permissions come from roles. Token sessions and the
/// error shape of an API with its own (Redfish) come in through <see cref="ITokenSessions"/> and <see cref="IAuthErrorShape"/>.
/// </summary>
public sealed class KvmHeadersAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SignInManager<ApplicationUser> signIn,
    LoginService logins,
    LoginThrottle throttle,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IApiTokenVerifier tokens,
    ITokenSessions tokenSessions,
    IEnumerable<IAuthErrorShape> errorShapes)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "KvmHeaders";

    /// <summary>The claim naming how the caller authenticated: password, token or redfish-session.</summary>
    public const string MethodClaim = "kvm:auth_method";

    /// <summary>The claim carrying the token id for token callers.</summary>
    public const string TokenClaim = "kvm:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (headers.ContainsKey("X-KVMD-User") || headers.ContainsKey("X-KVMD-Passwd"))
        {
            return await PasswordAsync(headers["X-KVMD-User"].ToString(), headers["X-KVMD-Passwd"].ToString(), "kvmd-headers");
        }

        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await TokenAsync(authorization[7..].Trim());
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            }
            catch (FormatException)
            {
                return AuthenticateResult.Fail("Malformed Basic credentials");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? AuthenticateResult.Fail("Malformed Basic credentials") : await PasswordAsync(decoded[..colon], decoded[(colon + 1)..], "basic");
        }

        var redfishToken = headers["X-Auth-Token"].ToString();
        if (redfishToken.Length > 0)
        {
            var session = tokenSessions.FindByToken(redfishToken);
            var user = session is null ? null : await signIn.UserManager.FindByIdAsync(session.UserId);
            return user is null || user.Disabled ? AuthenticateResult.Fail("Invalid session") : await TicketAsync(user, "redfish-session", null, session!.Id);
        }

        return AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!IsApiPath(Request.Path))
        {
            return;
        }

        var result = await HandleAuthenticateOnceSafeAsync();
        var wrongCredentials = result.Failure is not null && !Request.Path.StartsWithSegments("/redfish");
        Response.StatusCode = wrongCredentials ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        Response.Headers.Remove("WWW-Authenticate");
        await WriteErrorAsync(wrongCredentials ? "ForbiddenError" : "UnauthorizedError", wrongCredentials ? "Invalid credentials" : "Authentication required");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (!IsApiPath(Request.Path))
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteErrorAsync("ForbiddenError", "Permission denied");
    }

    internal static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/redfish") || path.StartsWithSegments("/openapi");

    private async Task WriteErrorAsync(string error, string message)
    {
        if (Response.HasStarted || Response.ContentLength > 0)
        {
            return;
        }

        if (errorShapes.FirstOrDefault(s => s.Handles(Request.Path)) is { } shape)
        {
            await Response.WriteAsJsonAsync(shape.Body(Response.StatusCode, message));
            return;
        }

        await Response.WriteAsJsonAsync(new { ok = false, result = new { error, error_msg = message } });
    }

    private async Task<AuthenticateResult> PasswordAsync(string name, string password, string kind)
    {
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "?";
        var user = await logins.VerifyAsync(name, password, kind, address, totpSuffix: true,
            auditSuccess: throttle.ShouldAuditSuccess(name, address, kind), Context.RequestAborted);
        return user is null ? AuthenticateResult.Fail("Invalid credentials") : await TicketAsync(user, "password", null);
    }

    private async Task<AuthenticateResult> TokenAsync(string text)
    {
        var token = await tokens.VerifyAsync(text, Context.RequestAborted);
        var user = token is null ? null : await signIn.UserManager.FindByIdAsync(token.UserId);
        if (token is null || user is null || user.Disabled)
        {
            return AuthenticateResult.Fail("Invalid token");
        }

        return await TicketAsync(user, "token", token);
    }

    private async Task<AuthenticateResult> TicketAsync(ApplicationUser user, string method, ApiToken? token, string? redfishSession = null)
    {
        var principal = await claimsFactory.CreateAsync(user);
        var claims = principal.Claims.ToList();
        if (token is not null)
        {
            var allowed = token.Permissions.Split(',', StringSplitOptions.RemoveEmptyEntries);
            claims.RemoveAll(c => c.Type == Permissions.ClaimType && !allowed.Contains(c.Value, StringComparer.Ordinal));
            claims.Add(new Claim(TokenClaim, token.Id));
        }

        if (redfishSession is not null)
        {
            claims.Add(new Claim(CredentialKeys.RedfishSessionClaim, redfishSession));
        }

        claims.RemoveAll(c => c.Type == CredentialKeys.SessionClaim); // a cookie session id only on cookies
        claims.Add(new Claim(MethodClaim, method));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
