using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Identity's user manager with the one revocation hook: whatever door changes a user (admin page, API, the user's own password or
/// 2FA change, the CLI), a new security stamp, a disabled flag or a deleted account ends the user's live channels through
/// <see cref="SessionRevocation"/> (except the request making the change), ends their Redfish sessions (via the revoked event) and
/// revokes their API tokens, so no credential issued before the change outlives it.
/// </summary>
public sealed class KvmUserManager : UserManager<ApplicationUser>
{
    private readonly IServiceProvider _services;

    public KvmUserManager(
        IUserStore<ApplicationUser> store,
        IOptions<IdentityOptions> optionsAccessor,
        IPasswordHasher<ApplicationUser> passwordHasher,
        IEnumerable<IUserValidator<ApplicationUser>> userValidators,
        IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
        ILookupNormalizer keyNormalizer,
        IdentityErrorDescriber errors,
        IServiceProvider services,
        ILogger<UserManager<ApplicationUser>> logger)
        : base(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger) => _services = services;

    protected override async Task<IdentityResult> UpdateUserAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var db = _services.GetService<KvmDbContext>();
        var entry = db?.Entry(user);
        var tracked = entry is not null && entry.State != EntityState.Detached;
        var stampChanged = tracked && !string.Equals(entry!.Property(u => u.SecurityStamp).OriginalValue, user.SecurityStamp, StringComparison.Ordinal);
        var disabledNow = tracked && user.Disabled && !entry!.Property(u => u.Disabled).OriginalValue;
        var passwordChanged = tracked && !string.Equals(entry!.Property(u => u.PasswordHash).OriginalValue, user.PasswordHash, StringComparison.Ordinal);
        var result = await base.UpdateUserAsync(user);
        if (result.Succeeded && passwordChanged && string.Equals(user.UserName, FirstRunSeeder.AdminUserName, StringComparison.OrdinalIgnoreCase) &&
            _services.GetService<DataDirectory>() is { } data)
        {
            // The generated first-run password is void now: its file goes too.
            File.Delete(Path.Combine(data.Path, FirstRunSeeder.InitialPasswordFileName));
        }

        if (result.Succeeded && (stampChanged || disabledNow))
        {
            await RevokeAsync(user);
        }

        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await base.DeleteAsync(user);
        if (result.Succeeded)
        {
            await RevokeAsync(user);
        }

        return result;
    }

    private async Task RevokeAsync(ApplicationUser user)
    {
        if (_services.GetService<KvmDbContext>() is { } db)
        {
            await db.ApiTokens.Where(t => t.UserId == user.Id && !t.Revoked).ExecuteUpdateAsync(s => s.SetProperty(t => t.Revoked, true), CancellationToken);
        }

        if (user.UserName is { } name)
        {
            _services.GetRequiredService<SessionRevocation>().Revoke(name, _services.GetService<IHttpContextAccessor>()?.HttpContext);
        }
    }
}
