using KvmPortal.Auth;

namespace KvmPortal.Users;

/// <summary>One row of the users list.</summary>
public sealed record UserSummary(string Name, IReadOnlyList<string> Roles, bool Disabled, bool TwoFactor, bool LockedOut)
{
    /// <summary>Gets a value indicating whether an admin requires this user to enrol two-factor authentication.</summary>
    public bool RequireTwoFactor { get; init; }

    /// <summary>Gets a value indicating whether the user must choose a new password at the next login.</summary>
    public bool MustChangePassword { get; init; }
}
