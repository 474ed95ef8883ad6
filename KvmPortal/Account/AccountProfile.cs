namespace KvmPortal.Account;

/// <summary>What the account page shows about the signed-in user.</summary>
public sealed record AccountProfile(
    string UserId,
    string UserName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    DateTimeOffset CreatedAt,
    SignInRecord? PreviousSignIn,
    bool TwoFactorEnabled,
    bool TwoFactorRequired,
    int RecoveryCodesLeft);
