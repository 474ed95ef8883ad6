namespace KvmPortal.SignIn;

/// <summary>Why an external (OIDC or LDAP) sign-in was refused. The login page shows a fixed message per reason (no text from the URL is shown).</summary>
public enum ExternalRefusal
{
    None,

    /// <summary>The user is in no group that the mapping turns into a role.</summary>
    Unmapped,

    /// <summary>An administrator disabled the account in KvmPortal.</summary>
    Disabled,

    /// <summary>A local account (or one from another source) already has that user name.</summary>
    NameTaken,

    /// <summary>The provider sent no usable user name or identifier.</summary>
    BadIdentity,

    /// <summary>The provider reported an error, or the sign-in was cancelled or expired.</summary>
    ProviderError,

    /// <summary>The directory or provider could not be reached.</summary>
    Unreachable,

    /// <summary>Too many failed attempts.</summary>
    LockedOut,
}
