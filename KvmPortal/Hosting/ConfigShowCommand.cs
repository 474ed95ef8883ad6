namespace KvmPortal.Hosting;

/// <summary><c>KvmPortal config show</c>: prints the effective configuration of KvmPortal's sections with secrets masked.</summary>
public static class ConfigShowCommand
{
    private static readonly string[] Sections = ["KvmPortal", "Setup", "Urls", "Kestrel", "Logging"];
    private static readonly string[] SecretMarkers = ["password", "secret", "token", "apikey", "privatekey", "connectionstring"];

    public static int Run(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        var entries = configuration.AsEnumerable()
            .Where(e => e.Value is not null && Sections.Any(s => e.Key.Equals(s, StringComparison.OrdinalIgnoreCase) ||
                                                                   e.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in entries)
        {
            output.WriteLine($"{key} = {(IsSecret(key) && !string.IsNullOrEmpty(value) ? "********" : value)}");
        }

        return 0;
    }

    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var compact = key.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return SecretMarkers.Any(m => compact.Contains(m.ToUpperInvariant(), StringComparison.Ordinal));
    }
}
