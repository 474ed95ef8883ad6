using System.Security.Claims;

namespace KvmPortal.Auth;

/// <summary>
/// Names one credential for <see cref="SessionRevocation.RevokeCredential"/>: a cookie session (<c>cookie:</c> + the session claim),
/// an API token (<c>token:</c> + id) or a Redfish session (<c>redfish:</c> + id). Password credentials (Basic, X-KVMD headers) are
/// checked on every request and have no key: they end with the user's revocation or password change.
/// </summary>
public static class CredentialKeys
{
    /// <summary>The claim holding a cookie sign-in's random session id (kept across security-stamp revalidation).</summary>
    public const string SessionClaim = "kvm:sid";

    /// <summary>The claim holding the Redfish session id for X-Auth-Token callers.</summary>
    public const string RedfishSessionClaim = "kvm:redfish_session";

    public static string Cookie(string sessionId) => "cookie:" + sessionId;

    public static string Token(string tokenId) => "token:" + tokenId;

    public static string Redfish(string sessionId) => "redfish:" + sessionId;

    /// <summary>Gets the key of the credential the principal authenticated with; null for password credentials.</summary>
    public static string? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(KvmHeadersAuthenticationHandler.TokenClaim) is { } token)
        {
            return Token(token);
        }

        if (principal.FindFirstValue(RedfishSessionClaim) is { } redfish)
        {
            return Redfish(redfish);
        }

        var method = principal.FindFirstValue(KvmHeadersAuthenticationHandler.MethodClaim);
        return method is null && principal.FindFirstValue(SessionClaim) is { } sid ? Cookie(sid) : null;
    }
}
