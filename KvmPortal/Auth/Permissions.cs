namespace KvmPortal.Auth;

/// <summary>Permission names. Each is an authorization policy of the same name, satisfied by a claim of type <see cref="ClaimType"/>.</summary>
public static class Permissions
{
    public const string ClaimType = "kvm:perm";

    /// <summary>See video and state.</summary>
    public const string View = "View";

    /// <summary>Send keyboard and mouse input.</summary>
    public const string Control = "Control";

    /// <summary>Manage and attach virtual media.</summary>
    public const string Media = "Media";

    /// <summary>ATX power and Wake-on-LAN.</summary>
    public const string Power = "Power";

    /// <summary>Run macros.</summary>
    public const string Macros = "Macros";

    /// <summary>Users, settings, audit.</summary>
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [View, Control, Media, Power, Macros, Admin];
}
