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

    /// <summary>Gets a value indicating whether no group is mapped (blank entries, left by the settings page when a list shrank, do not count).</summary>
    public bool IsEmpty => !Admin.Concat(Operator).Concat(Viewer).Any(g => !string.IsNullOrWhiteSpace(g));

    /// <summary>The role the groups grant, or null when none of them is mapped.</summary>
    public string? RoleFor(IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var set = new HashSet<string>(groups.Select(g => g.Trim()).Where(g => g.Length > 0), StringComparer.OrdinalIgnoreCase);
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
            .Select(x => (x.Item1, Groups: x.Item2.Where(g => !string.IsNullOrWhiteSpace(g)).ToList())).Where(x => x.Groups.Count > 0)
            .Select(x => $"{x.Item1} ← {string.Join(", ", x.Groups)}"));
}
