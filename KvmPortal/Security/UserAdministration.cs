using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Security;

/// <summary>User management for the admin page and API. Each call uses its own scope, so a long-lived circuit never shares a DbContext.</summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider time)
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
            result.Add(new UserSummary(user.UserName ?? "", [.. roles], user.Disabled, user.TwoFactorEnabled, user.LockoutEnd > now));
        }

        return result;
    }

    /// <summary>Creates a user with one role. Returns the errors, empty on success; nothing is stored on error.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string userName, string password, string role, CancellationToken cancellationToken)
    {
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
        return [];
    }
}
