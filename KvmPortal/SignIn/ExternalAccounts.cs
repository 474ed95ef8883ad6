using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.SignIn;

/// <summary>
/// Turns an identity vouched for by an OIDC provider or the directory into a KvmPortal account: created just in time (marked external,
/// no local password), its role set from the group mapping at every sign-in. Losing every mapped group removes the role and ends the
/// user's sessions (new security stamp + <see cref="SessionRevocation"/>, as for an admin's change); a changed role ends the old sessions
/// too. Never links to a local account of the same name. Every outcome is audited.
/// </summary>
public sealed partial class ExternalAccounts(UserManager<ApplicationUser> users, SessionRevocation revocation, IAuditLog audit, TimeProvider time,
    ILogger<ExternalAccounts> logger)
{
    public async Task<ExternalSignInResult> ResolveAsync(ExternalIdentity identity, string? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByLoginAsync(identity.LoginProvider, identity.ProviderKey);
        if (user is null)
        {
            return await CreateAsync(identity, clientAddress);
        }

        var name = user.UserName ?? identity.UserName;
        if (user.Disabled)
        {
            audit.Write(AuditActions.LoginFailed, name, clientAddress, outcome: AuditOutcome.Denied, details: $"{identity.Source}: account disabled");
            return ExternalSignInResult.Refused(ExternalRefusal.Disabled);
        }

        var current = await users.GetRolesAsync(user);
        if (identity.Role is null)
        {
            if (current.Count > 0)
            {
                await users.RemoveFromRolesAsync(user, current);
                await users.UpdateSecurityStampAsync(user);
                revocation.Revoke(name);
                audit.Write(AuditActions.UserRoleChanged, null, clientAddress, name, details: $"{identity.Source}: no mapped group any more, role {string.Join(",", current)} removed, sessions ended");
            }

            audit.Write(AuditActions.LoginFailed, name, clientAddress, outcome: AuditOutcome.Denied, details: $"{identity.Source}: no mapped group ({Describe(identity.Groups)})");
            return ExternalSignInResult.Refused(ExternalRefusal.Unmapped);
        }

        if (current.Count != 1 || !string.Equals(current[0], identity.Role, StringComparison.Ordinal))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, identity.Role);
            await users.UpdateSecurityStampAsync(user);
            revocation.Revoke(name);
            audit.Write(AuditActions.UserRoleChanged, null, clientAddress, name, details: $"{identity.Source}: role {identity.Role} from groups (was {(current.Count == 0 ? "none" : string.Join(",", current))})");
        }

        if (identity.Email is { Length: > 0 } email && !string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            user.Email = email;
            await users.UpdateAsync(user);
        }

        return new ExternalSignInResult(user, ExternalRefusal.None);
    }

    private async Task<ExternalSignInResult> CreateAsync(ExternalIdentity identity, string? clientAddress)
    {
        if (identity.Role is null)
        {
            audit.Write(AuditActions.LoginFailed, identity.UserName, clientAddress, outcome: AuditOutcome.Denied, details: $"{identity.Source}: no mapped group ({Describe(identity.Groups)})");
            return ExternalSignInResult.Refused(ExternalRefusal.Unmapped);
        }

        if (await users.FindByNameAsync(identity.UserName) is not null)
        {
            audit.Write(AuditActions.LoginFailed, identity.UserName, clientAddress, outcome: AuditOutcome.Denied, details: $"{identity.Source}: the user name belongs to another account");
            return ExternalSignInResult.Refused(ExternalRefusal.NameTaken);
        }

        var user = new ApplicationUser
        {
            UserName = identity.UserName,
            Email = identity.Email,
            ExternalSource = identity.Source,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(user);
        if (result.Succeeded)
        {
            result = await users.AddLoginAsync(user, new UserLoginInfo(identity.LoginProvider, identity.ProviderKey, identity.Source));
        }

        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, identity.Role);
        }

        if (!result.Succeeded)
        {
            var errors = string.Join("; ", result.Errors.Select(e => e.Description));
            LogCreateFailed(logger, identity.Source, errors);
            if (user.Id is { Length: > 0 } && await users.FindByIdAsync(user.Id) is { } partial)
            {
                await users.DeleteAsync(partial);
            }

            audit.Write(AuditActions.LoginFailed, identity.UserName, clientAddress, outcome: AuditOutcome.Failure, details: $"{identity.Source}: account not created ({errors})");
            return ExternalSignInResult.Refused(ExternalRefusal.BadIdentity);
        }

        audit.Write(AuditActions.UserCreated, null, clientAddress, identity.UserName, details: $"{identity.Source}: just-in-time, role {identity.Role}");
        return new ExternalSignInResult(user, ExternalRefusal.None);
    }

    private static string Describe(IReadOnlyList<string> groups) => groups.Count == 0 ? "no groups" : $"groups: {string.Join(", ", groups.Take(20))}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the external account from {Source}: {Errors}")]
    private static partial void LogCreateFailed(ILogger logger, string source, string errors);
}
