namespace KvmPortal.SignIn;

/// <summary>A user as an identity provider or directory vouched for them.</summary>
/// <param name="Source">"oidc:&lt;provider&gt;" or "ldap" (stored on the account).</param>
/// <param name="LoginProvider">The key of the login row (the authentication scheme, or "ldap").</param>
/// <param name="ProviderKey">The provider's stable id for the user (OIDC <c>sub</c>, LDAP DN).</param>
/// <param name="Role">The role the mapping grants; null when none.</param>
public sealed record ExternalIdentity(string Source, string LoginProvider, string ProviderKey, string UserName, string? Email, IReadOnlyList<string> Groups, string? Role);
