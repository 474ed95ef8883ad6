using System.Globalization;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Auth;

/// <summary>
/// The one password check of every login path (form, <c>/api/auth/login</c>, Basic, X-KVMD headers, Redfish sessions): throttled per
/// (account, address) by <see cref="LoginThrottle"/>, audited with the credential kind, and uniform: an unknown user, a wrong password,
/// a locked address or account and a disabled account all cost one password-hash verification and get the same answer
/// (<see cref="FailureMessage"/>); only the audit row says which it was.
/// </summary>
public sealed class LoginService(UserManager<ApplicationUser> users, LoginThrottle throttle, DummyPasswordHash dummy, IAuthAudit audit, KvmDbContext db, TimeProvider time)
{
    /// <summary>The user-facing message for every failed login, whatever the reason.</summary>
    public const string FailureMessage = "Invalid user name or password, or too many attempts: wait a few minutes and try again.";

    /// <summary>The user-token provider under which address lockouts of known accounts are kept (cleared by <c>users unlock</c>).</summary>
    public const string LockProvider = "KvmPortal.Lock";

    /// <summary>
    /// Verifies <paramref name="password"/> (with the 6-digit TOTP code appended for users with 2FA when <paramref name="totpSuffix"/>,
    /// PiKVM's convention). Returns the user when the login may proceed; null otherwise. <paramref name="kind"/> names the credential
    /// kind in the audit (form, api-login, basic, kvmd-headers, redfish).
    /// </summary>
    public async Task<ApplicationUser?> VerifyAsync(string name, string password, string kind, string? address, bool totpSuffix, bool auditSuccess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        address ??= "?";
        if (string.IsNullOrEmpty(name) || name.Length > 256 || string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            return null;
        }

        var user = await users.FindByNameAsync(name);
        var account = user?.UserName ?? name;
        string? totp = null;
        if (totpSuffix && user is { TwoFactorEnabled: true } && password.Length >= 7)
        {
            totp = password[^6..];
            password = password[..^6];
        }

        var hash = user?.PasswordHash ?? dummy.Get(users.PasswordHasher);
        var passwordOk = users.PasswordHasher.VerifyHashedPassword(user ?? new ApplicationUser(), hash, password) != PasswordVerificationResult.Failed && user?.PasswordHash is not null;
        var now = time.GetUtcNow();
        var locked = await IsLockedAsync(user, account, address, now, cancellationToken);
        var secondFactorOk = !passwordOk || user is null || !user.TwoFactorEnabled || !totpSuffix ||
            (totp is not null && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, totp));
        if (user is not null && passwordOk && secondFactorOk && !locked && !user.Disabled)
        {
            throttle.RecordSuccess(account, address);
            if (auditSuccess)
            {
                audit.LoginSucceeded(user.UserName, address, kind);
            }

            return user;
        }

        var reason = locked ? "locked out" : user is null ? "unknown user" : user.Disabled && passwordOk ? "account disabled" : passwordOk ? "wrong second factor" : "invalid credentials";
        audit.LoginFailed(account, address, denied: locked || user?.Disabled == true, $"{kind}: {reason}");
        var (pairLock, accountLock) = throttle.RecordFailure(account, address);
        if (pairLock is { } until)
        {
            audit.Lockout(account, address, $"{kind}: this address until {until:u}");
            if (user is not null)
            {
                await StorePairLockAsync(user, address, until, cancellationToken);
            }
        }

        if (accountLock is { } accountUntil)
        {
            audit.Lockout(account, address, $"{kind}: account-wide until {accountUntil:u}");
            if (user is not null)
            {
                await users.SetLockoutEndDateAsync(user, accountUntil);
            }
        }

        return null;
    }

    private async Task<bool> IsLockedAsync(ApplicationUser? user, string account, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pairLocked = throttle.PairLockedUntil(account, address) is not null;
        if (pairLocked && user is not null)
        {
            // The lasting copy is in the store: `KvmPortal users unlock NAME` (or an admin's password reset) removes it.
            var key = address;
            pairLocked = await db.UserTokens.AsNoTracking().AnyAsync(t => t.UserId == user.Id && t.LoginProvider == LockProvider && t.Name == key, cancellationToken);
            if (!pairLocked)
            {
                throttle.Unlock(account);
            }
        }

        var accountLocked = user is not null ? user.LockoutEnd > now : throttle.AccountLockedUntil(account) is not null;
        return pairLocked || (accountLocked && !throttle.IsKnownGood(account, address));
    }

    private async Task StorePairLockAsync(ApplicationUser user, string address, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var key = address;
        var row = await db.UserTokens.FirstOrDefaultAsync(t => t.UserId == user.Id && t.LoginProvider == LockProvider && t.Name == key, cancellationToken);
        var value = until.UtcTicks.ToString(CultureInfo.InvariantCulture);
        if (row is null)
        {
            db.UserTokens.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = LockProvider, Name = key, Value = value });
        }
        else
        {
            row.Value = value;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
