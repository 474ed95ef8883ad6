using System.Security.Claims;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>
/// Logout: ends the caller's own session only, server-side, whatever the credential: a cookie session is recorded as ended (a
/// replayed copy is refused) and signed out, a Redfish session is deleted; its live channels close. It never touches the user's
/// other sessions or tokens, so a narrowly scoped token cannot log its owner out (admins use force logout for that).
/// </summary>
public sealed class SessionLogout(LoggedOutSessions loggedOut, SessionRevocation revocation, ITokenSessions tokenSessions, SignInManager<ApplicationUser> signIn)
{
    /// <summary>
    /// Ends the session of the current request; returns the credential key that ended (null when nothing session-like was used).
    /// <paramref name="closeChannelsAfterResponse"/> (the logout form) closes the session's live channels only once the response is sent:
    /// the page that posted the form has its own circuit on this session, and closing it first made that page reload itself (Blazor's
    /// "circuit rejected") and cancel the form's navigation when the response was slow.
    /// </summary>
    public async Task<string?> EndCurrentAsync(HttpContext context, bool closeChannelsAfterResponse = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.User;
        var credential = principal.Identity?.IsAuthenticated == true ? CredentialKeys.Of(principal) : null;
        if (credential is not null && principal.FindFirstValue(CredentialKeys.RedfishSessionClaim) is { } redfishId && credential == CredentialKeys.Redfish(redfishId))
        {
            tokenSessions.Remove(redfishId, context);
        }
        else if (credential is not null && principal.FindFirstValue(CredentialKeys.SessionClaim) is { } sid && credential == CredentialKeys.Cookie(sid) &&
                 principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            await loggedOut.EndAsync(userId, sid, context.RequestAborted);
            if (closeChannelsAfterResponse)
            {
                context.Response.OnCompleted(() =>
                {
                    revocation.RevokeCredential(credential, except: context);
                    return Task.CompletedTask;
                });
            }
            else
            {
                revocation.RevokeCredential(credential, except: context);
            }
        }

        if (credential is null || credential.StartsWith("cookie:", StringComparison.Ordinal))
        {
            await signIn.SignOutAsync();
        }

        return credential;
    }
}
