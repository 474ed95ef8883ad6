using KvmPortal.SignIn.Ldap;

namespace KvmPortal.SignIn.Cards;

/// <summary>The LDAP card's editable fields (the bind password is write-only: empty means "keep the stored one").</summary>
public sealed class LdapFields
{
    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    public LdapTransport Transport { get; set; } = LdapTransport.Ldaps;

    public bool AllowPlain { get; set; }

    public string CaCertificatesDirectory { get; set; } = "";

    public string BindDn { get; set; } = "";

    public string NewBindPassword { get; set; } = "";

    public string UserSearchBase { get; set; } = "";

    public string UserFilter { get; set; } = "(uid={0})";

    public string GroupAttribute { get; set; } = "memberOf";

    public string GroupSearchBase { get; set; } = "";

    public string GroupFilter { get; set; } = "";

    public double TimeoutSeconds { get; set; } = 5;

    public string AdminGroups { get; set; } = "";

    public string OperatorGroups { get; set; } = "";

    public string ViewerGroups { get; set; } = "";

    public static LdapFields From(LdapOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new LdapFields
        {
            Enabled = o.Enabled, Host = o.Host, Port = o.Port, Transport = o.Transport, AllowPlain = o.AllowPlain, CaCertificatesDirectory = o.CaCertificatesDirectory,
            BindDn = o.BindDn, UserSearchBase = o.UserSearchBase, UserFilter = o.UserFilter, GroupAttribute = o.GroupAttribute, GroupSearchBase = o.GroupSearchBase,
            GroupFilter = o.GroupFilter, TimeoutSeconds = o.Timeout.TotalSeconds,
            AdminGroups = SettingsKeys.JoinGroups(o.Roles.Admin), OperatorGroups = SettingsKeys.JoinGroups(o.Roles.Operator), ViewerGroups = SettingsKeys.JoinGroups(o.Roles.Viewer),
        };
    }

    /// <summary>The options these fields describe; <paramref name="storedPassword"/> is used when no new password was typed.</summary>
    public LdapOptions ToOptions(string storedPassword) => new()
    {
        Enabled = Enabled, Host = Host.Trim(), Port = Port, Transport = Transport, AllowPlain = AllowPlain, CaCertificatesDirectory = CaCertificatesDirectory.Trim(),
        BindDn = BindDn.Trim(), BindPassword = NewBindPassword.Length > 0 ? NewBindPassword : storedPassword, UserSearchBase = UserSearchBase.Trim(),
        UserFilter = UserFilter.Trim(), GroupAttribute = GroupAttribute.Trim(), GroupSearchBase = GroupSearchBase.Trim(), GroupFilter = GroupFilter.Trim(),
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        Roles = new GroupRoles { Admin = SettingsKeys.SplitGroups(AdminGroups), Operator = SettingsKeys.SplitGroups(OperatorGroups), Viewer = SettingsKeys.SplitGroups(ViewerGroups) },
    };

    /// <summary>The keys to save (the password only when a new one was typed).</summary>
    public Dictionary<string, object> ToKeys(IConfiguration configuration)
    {
        const string K = SettingsKeys.Ldap;
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        if (NewBindPassword.Length > 0)
        {
            values[$"{K}:BindPassword"] = NewBindPassword; // first, so the audit's "(changed)" is never cut off by the details' length limit
        }

        foreach (var (key, value) in new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{K}:Enabled"] = Enabled, [$"{K}:Host"] = Host.Trim(), [$"{K}:Port"] = Port, [$"{K}:Transport"] = Transport.ToString(),
            [$"{K}:AllowPlain"] = AllowPlain, [$"{K}:CaCertificatesDirectory"] = CaCertificatesDirectory.Trim(), [$"{K}:BindDn"] = BindDn.Trim(),
            [$"{K}:UserSearchBase"] = UserSearchBase.Trim(), [$"{K}:UserFilter"] = UserFilter.Trim(), [$"{K}:GroupAttribute"] = GroupAttribute.Trim(),
            [$"{K}:GroupSearchBase"] = GroupSearchBase.Trim(), [$"{K}:GroupFilter"] = GroupFilter.Trim(), [$"{K}:Timeout"] = TimeSpan.FromSeconds(TimeoutSeconds),
        })
        {
            values[key] = value;
        }

        SettingsKeys.AddRoles(values, configuration, K, AdminGroups, OperatorGroups, ViewerGroups);
        return values;
    }
}
