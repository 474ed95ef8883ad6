namespace KvmPortal.Auth;

/// <summary>The <c>KvmPortal:Security</c> section: lockout, two-factor and session policy (checked by <see cref="SecurityOptionsValidator"/>).</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "KvmPortal:Security";

    /// <summary>Gets or sets failed logins from one client address before that address is locked out of the account.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>Gets or sets how long the first lockout lasts; each further failure from a locked-out address doubles it.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the longest lockout.</summary>
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets failed logins from all addresses together (within an hour) before the account is locked for everyone except
    /// addresses it signed in from before. Much higher than <see cref="LockoutAttempts"/>, so one attacker cannot lock the owner out.
    /// </summary>
    public int AccountLockoutAttempts { get; set; } = 100;

    /// <summary>Gets or sets the roles whose members must enrol two-factor authentication before using anything else.</summary>
    public List<string> RequireTwoFactorForRoles { get; set; } = [];

    /// <summary>Gets or sets how often a signed-in session is re-checked against the user store (disabled users, changed roles).</summary>
    public TimeSpan SessionRevalidation { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a browser session may go without a person using it (a page, a click, a key press) before it is signed out;
    /// zero keeps idle sessions. Watching the console without touching it counts as idle.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(60);
}
