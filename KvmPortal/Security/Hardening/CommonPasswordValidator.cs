using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>Refuses passwords shorter than the configured minimum (12 by default) and passwords on the common-password list.</summary>
public sealed class CommonPasswordValidator(CommonPasswords common, IOptions<HardeningOptions> options) : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = new List<IdentityError>();
        var minimum = options.Value.MinimumPasswordLength;
        if (password is null || password.Length < minimum)
        {
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"Passwords must be at least {minimum} characters." });
        }

        if (password is not null && (common.IsCommon(password)
            || (user.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "This password is too common or contains the user name; choose another." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
