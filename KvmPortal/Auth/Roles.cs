namespace KvmPortal.Auth;

/// <summary>The three roles and the permissions each grants. Permissions always come from here, never from request data.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Operator = "Operator";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    public static IReadOnlyList<string> PermissionsOf(string role) => role switch
    {
        Admin => Permissions.All,
        Operator => [Permissions.View, Permissions.Control, Permissions.Media, Permissions.Power, Permissions.Macros],
        Viewer => [Permissions.View],
        _ => [],
    };
}
