using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Data;

/// <summary>A KvmPortal account.</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>Gets or sets a value indicating whether the user must choose a new password before doing anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Gets or sets a value indicating whether an admin disabled the account.</summary>
    public bool Disabled { get; set; }

    /// <summary>Gets or sets a value indicating whether an admin requires this user to enrol two-factor authentication.</summary>
    public bool RequireTwoFactor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets where the account signs in when it is not local: "oidc:&lt;provider&gt;" or "ldap" (no local password).</summary>
    public string? ExternalSource { get; set; }
}
