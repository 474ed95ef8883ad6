using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Users;

/// <summary>
/// User management for the admin page and API. Each call uses its own scope, so a long-lived circuit never shares a DbContext.
/// Every change is audited; a change that takes access away renews the user's security stamp and revokes their live sessions
/// (<see cref="SessionRevocation"/>), so video, input and API access end at once.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider time, SessionRevocation revocation, IAuditLog audit)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var list = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var result = new List<UserSummary>(list.Count);
        foreach (var user in list)
        {
            var roles = await users.GetRolesAsync(user);
            result.Add(new UserSummary(user.UserName ?? "", [.. roles], user.Disabled, user.TwoFactorEnabled, user.LockoutEnd > now)
            {
                RequireTwoFactor = user.RequireTwoFactor,
                MustChangePassword = user.MustChangePassword,
            });
        }

        return result;
    }

    /// <summary>Creates a user with one role. Returns the errors, empty on success; nothing is stored on error.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string userName, string password, string role, CancellationToken cancellationToken, AuditActor? actor = null)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return [$"Unknown role '{role}'."];
        }

        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new ApplicationUser { UserName = userName.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return [.. created.Errors.Select(e => e.Description)];
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            return [.. added.Errors.Select(e => e.Description)];
        }

        await transaction.CommitAsync(cancellationToken);
        Audit(actor, AuditActions.UserCreated, user.UserName, $"role {role}");
        return [];
    }

    /// <summary>Replaces the user's roles with <paramref name="role"/>; the user's sessions end (they log in again with the new permissions).</summary>
    public Task<IReadOnlyList<string>> SetRoleAsync(string userName, string role, AuditActor? actor, CancellationToken cancellationToken) =>
        Roles.All.Contains(role, StringComparer.Ordinal)
            ? ChangeAsync(userName, actor, AuditActions.UserRoleChanged, $"role {role}", revoke: true, async (users, user) =>
            {
                var current = await users.GetRolesAsync(user);
                var removed = await users.RemoveFromRolesAsync(user, current);
                return removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
            }, cancellationToken)
            : Task.FromResult<IReadOnlyList<string>>([$"Unknown role '{role}'."]);

    public Task<IReadOnlyList<string>> SetDisabledAsync(string userName, bool disabled, AuditActor? actor, CancellationToken cancellationToken) =>
        ChangeAsync(userName, actor, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, null, revoke: disabled, (users, user) =>
        {
            user.Disabled = disabled;
            return users.UpdateAsync(user);
        }, cancellationToken);

    public Task<IReadOnlyList<string>> SetRequireTwoFactorAsync(string userName, bool required, AuditActor? actor, CancellationToken cancellationToken) =>
        ChangeAsync(userName, actor, AuditActions.UserRequireTwoFactor, required ? "required" : "not required", revoke: required, (users, user) =>
        {
            user.RequireTwoFactor = required;
            return users.UpdateAsync(user);
        }, cancellationToken);

    /// <summary>Ends every session of the user now (cookies, streams, console input).</summary>
    public Task<IReadOnlyList<string>> ForceLogoutAsync(string userName, AuditActor? actor, CancellationToken cancellationToken) =>
        ChangeAsync(userName, actor, AuditActions.UserForcedLogout, null, revoke: true, (_, _) => Task.FromResult(IdentityResult.Success), cancellationToken);

    /// <summary>
    /// Sets a generated one-time password that must be changed at the next login, and ends the user's sessions. Returns the password
    /// (to be shown once; never stored or logged) or the errors.
    /// </summary>
    public async Task<(string? Password, IReadOnlyList<string> Errors)> ResetPasswordAsync(string userName, AuditActor? actor, CancellationToken cancellationToken)
    {
        var password = FirstRunSeeder.GeneratePassword();
        var errors = await ChangeAsync(userName, actor, AuditActions.UserPasswordReset, "one-time password", revoke: true, async (users, user) =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded)
            {
                return reset;
            }

            user.MustChangePassword = true;
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return await users.UpdateAsync(user);
        }, cancellationToken);
        return errors.Count == 0 ? (password, errors) : (null, errors);
    }

    private async Task<IReadOnlyList<string>> ChangeAsync(
        string userName, AuditActor? actor, string action, string? details, bool revoke,
        Func<UserManager<ApplicationUser>, ApplicationUser, Task<IdentityResult>> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return [$"No user '{userName}'."];
        }

        var result = await change(users, user);
        if (result.Succeeded && revoke)
        {
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            Audit(actor, action, user.UserName, details, AuditOutcome.Failure);
            return [.. result.Errors.Select(e => e.Description)];
        }

        if (revoke)
        {
            revocation.Revoke(user.UserName ?? userName);
        }

        Audit(actor, action, user.UserName, details);
        return [];
    }

    private void Audit(AuditActor? actor, string action, string? target, string? details, AuditOutcome outcome = AuditOutcome.Success)
    {
        actor ??= AuditActor.System;
        audit.Write(action, actor.User, actor.ClientAddress, target, outcome, details);
    }
}
