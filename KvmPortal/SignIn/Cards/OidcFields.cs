using KvmPortal.SignIn.Oidc;

namespace KvmPortal.SignIn.Cards;

/// <summary>The OIDC card's editable fields for one provider (the client secret is write-only: empty means "keep the stored one").</summary>
public sealed class OidcFields
{
    public string Id { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public string DisplayName { get; set; } = "";

    public string Issuer { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string NewClientSecret { get; set; } = "";

    public string Scopes { get; set; } = "openid profile email";

    public string RoleClaim { get; set; } = "groups";

    public string UserNameClaim { get; set; } = "preferred_username";

    public bool AllowHttp { get; set; }

    public string AdminGroups { get; set; } = "";

    public string OperatorGroups { get; set; } = "";

    public string ViewerGroups { get; set; } = "";

    public string NormalizedId => Id.Trim().ToLowerInvariant();

    public static OidcFields From(string id, OidcProviderOptions p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new OidcFields
        {
            Id = id, Enabled = p.Enabled, DisplayName = p.DisplayName, Issuer = p.Issuer, ClientId = p.ClientId, Scopes = string.Join(' ', p.EffectiveScopes),
            RoleClaim = p.RoleClaim, UserNameClaim = p.UserNameClaim, AllowHttp = p.AllowHttp,
            AdminGroups = SettingsKeys.JoinGroups(p.Roles.Admin), OperatorGroups = SettingsKeys.JoinGroups(p.Roles.Operator), ViewerGroups = SettingsKeys.JoinGroups(p.Roles.Viewer),
        };
    }

    /// <summary>The keys to save under <c>KvmPortal:SignIn:Oidc:Providers:{id}</c> (the secret only when a new one was typed).</summary>
    public Dictionary<string, object> ToKeys(IConfiguration configuration)
    {
        var k = SettingsKeys.Provider(NormalizedId);
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        if (NewClientSecret.Length > 0)
        {
            values[SecretKey] = NewClientSecret; // first, so the audit's "(changed)" is never cut off by the details' length limit
        }

        foreach (var (key, value) in new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{k}:Enabled"] = Enabled, [$"{k}:DisplayName"] = DisplayName.Trim(), [$"{k}:Issuer"] = Issuer.Trim(), [$"{k}:ClientId"] = ClientId.Trim(),
            [$"{k}:RoleClaim"] = RoleClaim.Trim(), [$"{k}:UserNameClaim"] = UserNameClaim.Trim(), [$"{k}:AllowHttp"] = AllowHttp,
        })
        {
            values[key] = value;
        }

        SettingsKeys.AddList(values, configuration, $"{k}:Scopes", SettingsKeys.Split(Scopes));
        SettingsKeys.AddRoles(values, configuration, k, AdminGroups, OperatorGroups, ViewerGroups);
        return values;
    }

    public string SecretKey => $"{SettingsKeys.Provider(NormalizedId)}:ClientSecret";
}
