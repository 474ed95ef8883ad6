namespace KvmPortal.SignIn.Ldap;

/// <summary>
/// The <c>KvmPortal:SignIn:Ldap</c> section: password sign-in checked by binding as the user at an LDAP / Active Directory server.
/// A service account finds the user's entry and groups; the user's own bind checks the password.
/// </summary>
public sealed class LdapOptions
{
    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    /// <summary>Gets or sets the port; 0 means 636 for LDAPS, 389 otherwise.</summary>
    public int Port { get; set; }

    public LdapTransport Transport { get; set; } = LdapTransport.Ldaps;

    /// <summary>Gets or sets a value indicating whether <see cref="LdapTransport.Plain"/> is accepted (passwords cross the network in clear).</summary>
    public bool AllowPlain { get; set; }

    /// <summary>Gets or sets a folder of PEM CA certificates to trust for the server's certificate (empty: the system's trusted CAs).</summary>
    public string CaCertificatesDirectory { get; set; } = "";

    /// <summary>Gets or sets the service account's DN used to search (empty: anonymous search).</summary>
    public string BindDn { get; set; } = "";

    public string BindPassword { get; set; } = "";

    public string UserSearchBase { get; set; } = "";

    /// <summary>Gets or sets the search filter; <c>{0}</c> is the typed user name (escaped). AD: <c>(sAMAccountName={0})</c>.</summary>
    public string UserFilter { get; set; } = "(uid={0})";

    /// <summary>Gets or sets the attribute holding the user's group DNs (AD and OpenLDAP's memberof overlay: <c>memberOf</c>).</summary>
    public string GroupAttribute { get; set; } = "memberOf";

    /// <summary>Gets or sets where groups are searched when the entry has no <see cref="GroupAttribute"/> values (empty: not searched).</summary>
    public string GroupSearchBase { get; set; } = "";

    /// <summary>Gets or sets the group search filter; <c>{0}</c> is the user's DN (escaped).</summary>
    public string GroupFilter { get; set; } = "(|(member={0})(uniqueMember={0}))";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the mapping; groups may be given as full DNs or as their first RDN value (<c>cn</c>).</summary>
    public GroupRoles Roles { get; set; } = new();

    /// <summary>A copy to edit (the role lists are copied too), so the live options are never changed.</summary>
    public LdapOptions Clone()
    {
        var copy = (LdapOptions)MemberwiseClone();
        copy.Roles = new GroupRoles { Admin = [.. Roles.Admin], Operator = [.. Roles.Operator], Viewer = [.. Roles.Viewer] };
        return copy;
    }
}
