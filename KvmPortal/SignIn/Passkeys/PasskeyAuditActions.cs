namespace KvmPortal.SignIn.Passkeys;

/// <summary>Audit action names of the passkey feature (sign-ins use the shared login.* actions with details "passkey").</summary>
public static class PasskeyAuditActions
{
    public const string Added = "passkey.added";
    public const string Removed = "passkey.removed";
    public const string Method = "passkey";
}
