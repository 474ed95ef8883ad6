namespace KvmPortal.SignIn.Oidc;

/// <summary>One OpenID Connect provider (authorization code flow with PKCE).</summary>
public sealed class OidcProviderOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the button text: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Gets or sets the issuer URL (its <c>/.well-known/openid-configuration</c> is read).</summary>
    public string Issuer { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Gets or sets the client secret (empty for a public client; PKCE is always used).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Gets or sets the scopes; empty means <see cref="DefaultScopes"/>. (No default in the property itself: the configuration binder
    /// appends configured array entries to an initial value, which asked for every default scope twice.)
    /// </summary>
    public string[] Scopes { get; set; } = [];

    public static IReadOnlyList<string> DefaultScopes { get; } = ["openid", "profile", "email"];

    /// <summary>Gets the scopes to request: the configured non-blank ones, or <see cref="DefaultScopes"/>.</summary>
    public IReadOnlyList<string> EffectiveScopes =>
        Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } list ? list : DefaultScopes;

    /// <summary>Gets or sets the claim holding the user's groups or roles (id token or userinfo).</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>Gets or sets the claim used as the KvmPortal user name (falls back to <c>sub</c>).</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    public GroupRoles Roles { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether a plain-HTTP issuer is accepted (a lab only; never in production).</summary>
    public bool AllowHttp { get; set; }
}
