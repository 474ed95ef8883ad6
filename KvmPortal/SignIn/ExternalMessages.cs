namespace KvmPortal.SignIn;

/// <summary>The login page's text for each <see cref="ExternalRefusal"/> (query value <c>signin_error</c>).</summary>
public static class ExternalMessages
{
    public const string QueryKey = "signin_error";

    public static string Code(ExternalRefusal refusal) => refusal.ToString().ToLowerInvariant();

    /// <summary>The message for a code from the URL, or null when it names no refusal.</summary>
    public static string? ForCode(string? code) =>
        Enum.TryParse<ExternalRefusal>(code, ignoreCase: true, out var refusal) && refusal != ExternalRefusal.None && Enum.IsDefined(refusal)
            ? Text(refusal)
            : null;

    public static string Text(ExternalRefusal refusal) => refusal switch
    {
        ExternalRefusal.Unmapped => "Access refused: your account is not in any group that grants access to this KVM. Ask an administrator to add you to a mapped group.",
        ExternalRefusal.Disabled => "This account is disabled.",
        ExternalRefusal.NameTaken => "Access refused: a local KvmPortal account already uses this user name. Ask an administrator to rename one of them.",
        ExternalRefusal.BadIdentity => "Access refused: the identity provider sent no usable user name.",
        ExternalRefusal.ProviderError => "Single sign-on did not complete (cancelled, expired or refused by the identity provider). Try again.",
        ExternalRefusal.Unreachable => "The sign-in server cannot be reached. Local accounts still work.",
        ExternalRefusal.LockedOut => "This account is locked after too many failed attempts. Try again later.",
        _ => "Sign-in failed.",
    };
}
