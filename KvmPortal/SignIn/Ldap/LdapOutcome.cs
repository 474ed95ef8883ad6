namespace KvmPortal.SignIn.Ldap;

/// <summary>What the directory said about a user name and password.</summary>
public enum LdapOutcome
{
    Authenticated,
    InvalidCredentials,
    Unreachable,
    Misconfigured,
}
