namespace KvmPortal.SignIn;

/// <summary>The <c>KvmPortal:SignIn</c> section: single sign-on (OIDC), directory (LDAP) and passkey sign-in. Local accounts always work.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "KvmPortal:SignIn";

    public Oidc.OidcOptions Oidc { get; set; } = new();

    public Ldap.LdapOptions Ldap { get; set; } = new();

    public Passkeys.PasskeyOptions Passkeys { get; set; } = new();
}
