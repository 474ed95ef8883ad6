namespace KvmPortal.Security;

/// <summary>One row of the users list.</summary>
public sealed record UserSummary(string Name, IReadOnlyList<string> Roles, bool Disabled, bool TwoFactor, bool LockedOut);
