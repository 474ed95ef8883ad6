using System.Collections.Concurrent;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Vnc;

/// <summary>
/// Checks VNC credentials through the same paths as the web and the API: VeNCrypt Plain is the account password with Identity's
/// lockout and the API's 2FA rule (password + current TOTP code appended); classic VNC Authentication is the separate VNC password,
/// locked out per client address (it carries no user name) and refused for users with 2FA.
/// </summary>
public sealed class VncAuthenticator(IServiceScopeFactory scopes, VncPasswordStore passwords, IOptions<IdentityOptions> identity, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Until)> _classicFailures = new(StringComparer.Ordinal);

    /// <summary>Gets the VNC password store (sessions opened with a VNC password end when it changes).</summary>
    internal VncPasswordStore Passwords => passwords;

    internal async Task<VncLogin> PlainAsync(string name, string password, string remote, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();

        // The one login check (throttled per account and client address, audited with the reason, uniform for every failure).
        var address = System.Net.IPEndPoint.TryParse(remote, out var endPoint) ? endPoint.Address.ToString() : remote;
        var user = await scope.ServiceProvider.GetRequiredService<LoginService>()
            .VerifyAsync(name, password, "vnc", address, totpSuffix: true, auditSuccess: false, cancellationToken);
        if (user is null)
        {
            return VncLogin.Fail(name, "wrong user name or password, or too many attempts");
        }

        return await PrincipalAsync(signIn, user);
    }

    internal async Task<VncLogin> ClassicAsync(byte[] challenge, byte[] response, string remote, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_classicFailures.TryGetValue(remote, out var state) && state.Until > now)
        {
            return VncLogin.Fail("", "locked out after too many failed VNC password attempts from this address");
        }

        var matches = await passwords.MatchAsync(challenge, response, cancellationToken);
        if (matches.Count != 1)
        {
            CountFailure(remote, now);
            return VncLogin.Fail("", matches.Count == 0 ? "wrong VNC password" : "VNC password shared by several users");
        }

        _classicFailures.TryRemove(remote, out _);
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = await signIn.UserManager.FindByIdAsync(matches[0]);
        if (user is null || !await signIn.CanSignInAsync(user))
        {
            return VncLogin.Fail(user?.UserName ?? "", "user disabled");
        }

        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            return VncLogin.Fail(user.UserName ?? "", "locked out after too many failed logins");
        }

        if (user.TwoFactorEnabled)
        {
            return VncLogin.Fail(user.UserName ?? "", "the user has two-factor authentication; use VeNCrypt with password + code");
        }

        return await PrincipalAsync(signIn, user);
    }

    private static async Task<VncLogin> PrincipalAsync(SignInManager<ApplicationUser> signIn, ApplicationUser user)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var name = user.UserName ?? "";
        return principal.HasClaim(Permissions.ClaimType, Permissions.View)
            ? new VncLogin(principal, name, "")
            : VncLogin.Fail(name, "no permission to view");
    }

    private void CountFailure(string remote, DateTimeOffset now)
    {
        var lockout = identity.Value.Lockout; // the web's lockout settings (KvmPortal:Security:LockoutAttempts / LockoutDuration)
        var attempts = lockout.MaxFailedAccessAttempts;
        var duration = lockout.DefaultLockoutTimeSpan;
        _classicFailures.AddOrUpdate(
            remote,
            _ => (1, attempts <= 1 ? now + duration : DateTimeOffset.MinValue),
            (_, old) =>
            {
                var failures = old.Until > DateTimeOffset.MinValue && old.Until <= now ? 1 : old.Failures + 1;
                return (failures, failures >= attempts ? now + duration : DateTimeOffset.MinValue);
            });
    }
}
