using KvmPortal.Settings;

namespace KvmPortal.SignIn.Cards;

/// <summary>
/// Turns the sign-in cards' fields into configuration keys for <see cref="SettingsService.SaveKeys"/>, and checks the would-be
/// configuration with <see cref="SignInOptionsValidator"/>. Lists (scopes, groups) are written index by index; entries beyond the new
/// length are blanked (the override file cannot delete a key) and blank entries are ignored where the lists are read.
/// </summary>
public static class SettingsKeys
{
    public const string Ldap = SignInOptions.SectionName + ":Ldap";

    public static string Provider(string id) => $"{SignInOptions.SectionName}:Oidc:Providers:{id}";

    /// <summary>Splits "a, b c" into its non-empty items (commas, spaces or new lines separate).</summary>
    public static string[] Split(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Splits group lists: one per line (or ';'); a line without '=' may also list short names separated by commas (a DN keeps its commas).</summary>
    public static string[] SplitGroups(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line => line.Contains('=', StringComparison.Ordinal) ? [line] : line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    public static string Join(IEnumerable<string> items) => string.Join(", ", items.Where(i => !string.IsNullOrWhiteSpace(i)));

    /// <summary>Group lists are shown one per line (a DN has commas of its own).</summary>
    public static string JoinGroups(IEnumerable<string> items) => string.Join("\n", items.Where(i => !string.IsNullOrWhiteSpace(i)));

    /// <summary>Adds <paramref name="items"/> as <c>key:0</c>, <c>key:1</c>, … and blanks the entries the configuration holds beyond them.</summary>
    public static void AddList(Dictionary<string, object> values, IConfiguration configuration, string key, IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(items);
        var existing = configuration.GetSection(key).GetChildren().Count();
        for (var i = 0; i < Math.Max(items.Count, existing); i++)
        {
            values[$"{key}:{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}"] = i < items.Count ? items[i] : "";
        }
    }

    public static void AddRoles(Dictionary<string, object> values, IConfiguration configuration, string key, string admin, string @operator, string viewer)
    {
        AddList(values, configuration, $"{key}:Roles:Admin", SplitGroups(admin));
        AddList(values, configuration, $"{key}:Roles:Operator", SplitGroups(@operator));
        AddList(values, configuration, $"{key}:Roles:Viewer", SplitGroups(viewer));
    }

    /// <summary>The sign-in section's problems in the would-be configuration (what <see cref="SettingsKeyChange.Validate"/> wants).</summary>
    public static IReadOnlyList<string> Validate(IConfiguration preview)
    {
        var options = preview.GetSection(SignInOptions.SectionName).Get<SignInOptions>() ?? new SignInOptions();
        return SignInOptionsValidator.Errors(options);
    }
}
