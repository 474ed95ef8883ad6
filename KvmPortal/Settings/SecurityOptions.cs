namespace KvmPortal.Settings;

/// <summary>The <c>KvmPortal:Security</c> section: lockout and two-factor policy.</summary>
public sealed class SecurityOptions
{
    /// <summary>Gets or sets failed logins before a lockout.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>Gets or sets how long a lockout lasts.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the roles whose members must enrol two-factor authentication before using anything else.</summary>
    public List<string> RequireTwoFactorForRoles { get; set; } = [];

    /// <summary>Gets or sets how often a signed-in session is re-checked against the user store (disabled users, changed roles).</summary>
    public TimeSpan SessionRevalidation { get; set; } = TimeSpan.FromSeconds(30);
}
