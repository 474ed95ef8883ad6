namespace KvmPortal.SignIn;

/// <summary>
/// Which directory or identity-provider groups grant which KvmPortal role. A user in no listed group gets no access (never a default
/// role); a user in several gets the strongest (Admin, then Operator, then Viewer). Group names compare case-insensitively.
/// </summary>
public sealed class GroupRoles
{
    public string[] Admin { get; set; } = [];

    public string[] Operator { get; set; } = [];

    public string[] Viewer { get; set; } = [];

    public bool IsEmpty => Admin.Length == 0 && Operator.Length == 0 && Viewer.Length == 0;

    /// <summary>The role the groups grant, or null when none of them is mapped.</summary>
    public string? RoleFor(IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var set = new HashSet<string>(groups.Select(g => g.Trim()), StringComparer.OrdinalIgnoreCase);
        if (Admin.Any(set.Contains))
        {
            return KvmPortal.Auth.Roles.Admin;
        }

        if (Operator.Any(set.Contains))
        {
            return KvmPortal.Auth.Roles.Operator;
        }

        return Viewer.Any(set.Contains) ? KvmPortal.Auth.Roles.Viewer : null;
    }

    /// <summary>A one-line description for logs and the audit ("Admin ← a, b; Viewer ← c").</summary>
    public override string ToString() => string.Join("; ",
        new[] { (KvmPortal.Auth.Roles.Admin, Admin), (KvmPortal.Auth.Roles.Operator, Operator), (KvmPortal.Auth.Roles.Viewer, Viewer) }
            .Where(x => x.Item2.Length > 0).Select(x => $"{x.Item1} ← {string.Join(", ", x.Item2)}"));
}
