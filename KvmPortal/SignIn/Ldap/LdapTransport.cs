namespace KvmPortal.SignIn.Ldap;

/// <summary>How the LDAP connection is protected.</summary>
public enum LdapTransport
{
    /// <summary>TLS from the first byte (port 636).</summary>
    Ldaps,

    /// <summary>Plain connect, then the StartTLS extended operation before any bind (port 389).</summary>
    StartTls,

    /// <summary>No TLS; only with <see cref="LdapOptions.AllowPlain"/>.</summary>
    Plain,
}
