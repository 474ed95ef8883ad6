using KvmPortal.SignIn.Ldap;

namespace KvmPortal.SignIn.Cards;

/// <summary>
/// The LDAP card's edit model: a copy of the <see cref="LdapOptions"/> (never the live ones) plus the fields the card shows in another
/// form: the bind password is write-only (empty means "keep the stored one"), the timeout in seconds, the role groups one per line.
/// </summary>
public sealed class LdapFields
{
    /// <summary>Gets the options being edited; their <see cref="LdapOptions.BindPassword"/>, <see cref="LdapOptions.Timeout"/> and <see cref="LdapOptions.Roles"/> are not used (see the properties below).</summary>
    public LdapOptions Options { get; private init; } = new();

    public string NewBindPassword { get; set; } = "";

    public double TimeoutSeconds { get; set; } = 5;

    public string AdminGroups { get; set; } = "";

    public string OperatorGroups { get; set; } = "";

    public string ViewerGroups { get; set; } = "";

    public static LdapFields From(LdapOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var copy = o.Clone();
        copy.BindPassword = "";
        return new LdapFields
        {
            Options = copy, TimeoutSeconds = o.Timeout.TotalSeconds,
            AdminGroups = SettingsKeys.JoinGroups(o.Roles.Admin), OperatorGroups = SettingsKeys.JoinGroups(o.Roles.Operator), ViewerGroups = SettingsKeys.JoinGroups(o.Roles.Viewer),
        };
    }

    /// <summary>The options these fields describe; <paramref name="storedPassword"/> is used when no new password was typed.</summary>
    public LdapOptions ToOptions(string storedPassword)
    {
        var o = Options.Clone();
        o.Host = o.Host.Trim();
        o.CaCertificatesDirectory = o.CaCertificatesDirectory.Trim();
        o.BindDn = o.BindDn.Trim();
        o.BindPassword = NewBindPassword.Length > 0 ? NewBindPassword : storedPassword;
        o.UserSearchBase = o.UserSearchBase.Trim();
        o.UserFilter = o.UserFilter.Trim();
        o.GroupAttribute = o.GroupAttribute.Trim();
        o.GroupSearchBase = o.GroupSearchBase.Trim();
        o.GroupFilter = o.GroupFilter.Trim();
        o.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        o.Roles = new GroupRoles { Admin = SettingsKeys.SplitGroups(AdminGroups), Operator = SettingsKeys.SplitGroups(OperatorGroups), Viewer = SettingsKeys.SplitGroups(ViewerGroups) };
        return o;
    }

    /// <summary>The keys to save (the password only when a new one was typed).</summary>
    public Dictionary<string, object> ToKeys(IConfiguration configuration)
    {
        const string K = SettingsKeys.Ldap;
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        if (NewBindPassword.Length > 0)
        {
            values[$"{K}:BindPassword"] = NewBindPassword; // first, so the audit's "(changed)" is never cut off by the details' length limit
        }

        var o = ToOptions("");
        foreach (var (key, value) in new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{K}:Enabled"] = o.Enabled, [$"{K}:Host"] = o.Host, [$"{K}:Port"] = o.Port, [$"{K}:Transport"] = o.Transport.ToString(),
            [$"{K}:AllowPlain"] = o.AllowPlain, [$"{K}:CaCertificatesDirectory"] = o.CaCertificatesDirectory, [$"{K}:BindDn"] = o.BindDn,
            [$"{K}:UserSearchBase"] = o.UserSearchBase, [$"{K}:UserFilter"] = o.UserFilter, [$"{K}:GroupAttribute"] = o.GroupAttribute,
            [$"{K}:GroupSearchBase"] = o.GroupSearchBase, [$"{K}:GroupFilter"] = o.GroupFilter, [$"{K}:Timeout"] = o.Timeout,
        })
        {
            values[key] = value;
        }

        SettingsKeys.AddRoles(values, configuration, K, AdminGroups, OperatorGroups, ViewerGroups);
        return values;
    }
}
