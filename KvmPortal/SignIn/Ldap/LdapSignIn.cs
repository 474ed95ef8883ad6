using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Ldap;

/// <summary>
/// The login form's directory path: used when LDAP is on and the name is not a local account (local accounts, the break-glass admin
/// among them, never depend on the directory). Lockout as for local accounts; a directory that cannot be reached gives a clear message.
/// </summary>
public sealed class LdapSignIn(LdapDirectory directory, LdapFailures failures, ExternalAccounts accounts, UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn, IOptionsMonitor<SignInOptions> configured, IAuditLog audit)
{
    public const string Source = "ldap";

    /// <summary>Null when the directory is not asked (LDAP off, or a local account); otherwise the sign-in result.</summary>
    public async Task<LdapSignInResult?> TrySignInAsync(string userName, string password, string? clientAddress, CancellationToken cancellationToken)
    {
        var options = configured.CurrentValue.Ldap;
        var local = await users.FindByNameAsync(userName);
        if (!options.Enabled || (local is not null && local.ExternalSource != Source))
        {
            return null;
        }

        if ((local is not null && await users.IsLockedOutAsync(local)) || (local is null && failures.IsLockedOut(userName)))
        {
            audit.Write(AuditActions.LoginFailed, userName, clientAddress, outcome: AuditOutcome.Denied, details: "ldap: locked out");
            return new LdapSignInResult(SignInResult.LockedOut, ExternalRefusal.LockedOut);
        }

        var answer = await directory.AuthenticateAsync(userName, password, cancellationToken);
        if (answer.Outcome is LdapOutcome.Unreachable or LdapOutcome.Misconfigured)
        {
            audit.Write(AuditActions.LoginFailed, userName, clientAddress, outcome: AuditOutcome.Failure, details: $"ldap: directory unavailable ({answer.Detail})");
            return new LdapSignInResult(SignInResult.Failed, ExternalRefusal.Unreachable);
        }

        if (answer.Outcome == LdapOutcome.InvalidCredentials)
        {
            var locked = local is not null ? await CountLocalFailureAsync(local) : failures.Fail(userName);
            audit.Write(locked ? AuditActions.Lockout : AuditActions.LoginFailed, userName, clientAddress,
                outcome: locked ? AuditOutcome.Denied : AuditOutcome.Failure, details: locked ? "ldap: too many failed attempts" : "ldap: invalid credentials");
            return new LdapSignInResult(locked ? SignInResult.LockedOut : SignInResult.Failed, locked ? ExternalRefusal.LockedOut : ExternalRefusal.None);
        }

        failures.Succeed(userName);
        var groups = answer.Groups ?? [];
        var identity = new ExternalIdentity(Source, Source, answer.Dn!, answer.UserName!, answer.Email, groups, options.Roles.RoleFor(groups));
        var resolved = await accounts.ResolveAsync(identity, clientAddress, cancellationToken);
        if (!resolved.Succeeded)
        {
            return new LdapSignInResult(SignInResult.NotAllowed, resolved.Refusal);
        }

        await users.ResetAccessFailedCountAsync(resolved.User!);
        var result = await ((KvmSignInManager)signIn).SignInVerifiedAsync(resolved.User!, Source);
        if (result.Succeeded)
        {
            audit.Write(AuditActions.LoginSucceeded, resolved.User!.UserName, clientAddress, details: $"ldap as {identity.Role}");
        }

        return new LdapSignInResult(result, ExternalRefusal.None) { UserName = resolved.User!.UserName };
    }

    private async Task<bool> CountLocalFailureAsync(ApplicationUser user)
    {
        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user);
    }
}
