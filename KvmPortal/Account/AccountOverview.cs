using KvmPortal.Auth;
using KvmPortal.Pikvm;
using KvmPortal.Audit;

using KvmPortal.Data;
using KvmPortal.Redfish;

using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Account;

/// <summary>
/// Reads and changes what the account page shows that does not renew the security stamp (those changes are
/// <see cref="AccountActions"/>' form posts): the profile, the enrolment key, recovery codes, own API tokens and own sessions.
/// </summary>
public sealed class AccountOverview(UserManager<ApplicationUser> users, AccountActions actions, AuthenticatorEnrolment enrolment,
    AuditQuery auditQuery, AuditContext audit, ApiTokenService tokens, ActiveSessions browsers, WsClientRegistry sockets,
    RedfishSessionStore redfish, RecoveryCodeHandoff handoff)
{
    public async Task<AccountProfile?> ProfileAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return null;
        }

        var signIns = await auditQuery.FindAsync(new AuditFilter(user.UserName, AuditActions.LoginSucceeded, Limit: 2), cancellationToken);
        var previous = signIns.Skip(1).Select(e => new SignInRecord(e.Time, e.ClientAddress, e.Details)).FirstOrDefault();
        return new AccountProfile(user.Id, user.UserName ?? "", [.. await users.GetRolesAsync(user)],
            [.. principal.FindAll(Permissions.ClaimType).Select(c => c.Value)], user.CreatedAt, previous, user.TwoFactorEnabled,
            await actions.IsTwoFactorRequiredAsync(user), await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>The authenticator key to enrol with (kept until enrolment; never renews the security stamp) and its QR code.</summary>
    public async Task<(string Key, string QrDataUri)> EnrolmentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("Signed in without a user");
        var key = await enrolment.EnsureKeyAsync(user, cancellationToken);
        return (key, AuthenticatorQr.DataUri(AuthenticatorQr.OtpAuthUri(user.UserName ?? "user", key)));
    }

    /// <summary>The recovery codes made when two-factor authentication was just turned on (once), else null.</summary>
    public IReadOnlyList<string>? TakeNewRecoveryCodes(string userId) => handoff.Take(userId);

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("Signed in without a user");
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, user.UserName, details: "new recovery codes");
        return [.. codes ?? []];
    }

    public Task<IReadOnlyList<ApiToken>> TokensAsync(string userId, CancellationToken cancellationToken) => tokens.ListAsync(userId, cancellationToken);

    /// <summary>Creates a token with permissions the user holds; returns the token text (shown once).</summary>
    public async Task<string> CreateTokenAsync(AccountProfile profile, string name, IReadOnlyCollection<string> permissions, int days, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (permissions.Count == 0 || permissions.Any(p => !profile.Permissions.Contains(p)))
        {
            throw new InvalidOperationException("A token can only carry permissions you hold.");
        }

        var (row, secret) = await tokens.CreateAsync(profile.UserId, name.Trim(), permissions, days == 0 ? null : time.GetUtcNow().AddDays(days), cancellationToken);
        await audit.WriteAsync(AuditActions.ApiTokenCreated, name.Trim(), details: $"token {row.Id}: {string.Join(",", permissions)}");
        return secret;
    }

    public async Task<bool> RevokeTokenAsync(string userId, ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var done = await tokens.RevokeAsync(userId, token.Id, cancellationToken);
        if (done)
        {
            await audit.WriteAsync(AuditActions.ApiTokenRevoked, token.Name, details: $"token {token.Id}");
        }

        return done;
    }

    public IReadOnlyList<OwnSession> Sessions(AccountProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var list = new List<OwnSession>();
        list.AddRange(browsers.List().Where(s => string.Equals(s.UserName, profile.UserName, StringComparison.OrdinalIgnoreCase))
            .Select(s => new OwnSession("Browser", s.ClientAddress, BrowserName.Of(s.UserAgent), s.FirstSeen, s.LastSeen)));
        list.AddRange(sockets.List(profile.UserId).Select(c => new OwnSession("API WebSocket", c.ClientAddress ?? "?", c.Method, c.Since, null)));
        list.AddRange(redfish.List(profile.UserId).Select(s => new OwnSession("Redfish", s.ClientAddress ?? "?", "session", s.Created, s.LastUsed)));
        return list;
    }
}
