using KvmPortal.Settings;
using Microsoft.Extensions.Options;

namespace KvmPortal.Settings;

/// <summary>Validates <see cref="KvmPortalOptions"/> at start.</summary>
/// Unknown keys in the <c>KvmPortal</c> section are reported first, each named (with a suggestion where one is close).
public sealed class KvmPortalOptionsValidator(IConfiguration configuration) : IValidateOptions<KvmPortalOptions>
{
    public ValidateOptionsResult Validate(string? name, KvmPortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var unknown = StrictConfigurationValidator.FindUnknownKeys(
            configuration.GetSection(KvmPortalOptions.SectionName), typeof(KvmPortalOptions), KvmPortalOptions.SectionName);
        if (unknown.Count > 0)
        {
            errors.Add(StrictConfigurationValidator.Describe(unknown, typeof(KvmPortalOptions), KvmPortalOptions.SectionName));
        }

        var security = options.Security;
        if (security.LockoutAttempts is < 1 or > 100)
        {
            errors.Add("KvmPortal:Security:LockoutAttempts must be between 1 and 100.");
        }

        if (security.AccountLockoutAttempts < security.LockoutAttempts || security.AccountLockoutAttempts > 100_000)
        {
            errors.Add("KvmPortal:Security:AccountLockoutAttempts must be at least LockoutAttempts and at most 100000.");
        }

        if (security.MaxLockoutDuration < security.LockoutDuration)
        {
            errors.Add("KvmPortal:Security:MaxLockoutDuration must be at least LockoutDuration.");
        }

        if (security.LockoutDuration <= TimeSpan.Zero)
        {
            errors.Add("KvmPortal:Security:LockoutDuration must be positive.");
        }

        if (security.SessionRevalidation < TimeSpan.FromSeconds(1))
        {
            errors.Add("KvmPortal:Security:SessionRevalidation must be at least one second.");
        }

        if (security.SessionIdleTimeout < TimeSpan.Zero || security.SessionIdleTimeout > TimeSpan.FromDays(7))
        {
            errors.Add("KvmPortal:Security:SessionIdleTimeout must be 0 (never) or at most 7 days.");
        }

        var tls = options.Tls;
        if (tls.Enabled && tls.HttpsPort is < 1 or > 65535)
        {
            errors.Add("KvmPortal:Tls:HttpsPort must be a TCP port.");
        }

        if (tls.Enabled && (tls.HttpPort is < 0 or > 65535 || tls.HttpPort == tls.HttpsPort))
        {
            errors.Add("KvmPortal:Tls:HttpPort must be 0 (off) or a TCP port other than HttpsPort.");
        }

        if (!string.IsNullOrWhiteSpace(tls.CertificatePath) && !File.Exists(tls.CertificatePath))
        {
            errors.Add($"KvmPortal:Tls:CertificatePath '{tls.CertificatePath}' does not exist.");
        }

        foreach (var role in security.RequireTwoFactorForRoles.Where(r => !Auth.Roles.All.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"KvmPortal:Security:RequireTwoFactorForRoles names unknown role '{role}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
