namespace KvmPortal.SignIn.Oidc;

/// <summary>The <c>KvmPortal:SignIn:Oidc</c> section: OpenID Connect providers by id (the id appears in URLs: lower-case letters, digits, '-').</summary>
public sealed class OidcOptions
{
    public Dictionary<string, OidcProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
