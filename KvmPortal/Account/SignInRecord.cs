namespace KvmPortal.Account;

/// <summary>A successful sign-in from the audit trail: when, from where, how (password, totp, recovery code).</summary>
public sealed record SignInRecord(DateTimeOffset Time, string? ClientAddress, string? Method);
