using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>Validates the <c>KvmPortal:Security</c> section at start and before the settings page saves it.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.LockoutAttempts is < 1 or > 100)
        {
            errors.Add("KvmPortal:Security:LockoutAttempts must be between 1 and 100.");
        }

        if (options.AccountLockoutAttempts < options.LockoutAttempts || options.AccountLockoutAttempts > 100_000)
        {
            errors.Add("KvmPortal:Security:AccountLockoutAttempts must be at least LockoutAttempts and at most 100000.");
        }

        if (options.MaxLockoutDuration < options.LockoutDuration)
        {
            errors.Add("KvmPortal:Security:MaxLockoutDuration must be at least LockoutDuration.");
        }

        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            errors.Add("KvmPortal:Security:LockoutDuration must be positive.");
        }

        if (options.SessionRevalidation < TimeSpan.FromSeconds(1))
        {
            errors.Add("KvmPortal:Security:SessionRevalidation must be at least one second.");
        }

        if (options.SessionIdleTimeout < TimeSpan.Zero || options.SessionIdleTimeout > TimeSpan.FromDays(7))
        {
            errors.Add("KvmPortal:Security:SessionIdleTimeout must be 0 (never) or at most 7 days.");
        }

        foreach (var role in options.RequireTwoFactorForRoles.Where(r => !Roles.All.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"KvmPortal:Security:RequireTwoFactorForRoles names unknown role '{role}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
