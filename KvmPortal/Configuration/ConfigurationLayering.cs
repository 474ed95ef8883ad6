namespace KvmPortal.Configuration;

/// <summary>
/// Builds KvmPortal's configuration layers, later ones winning: shipped <c>appsettings.json</c> (repository root, copied next to the binary)
/// → <c>appsettings.{Environment}.json</c> → the override file (default <c>/etc/kvmportal/override.json</c>) → environment variables → command line.
/// </summary>
public static class ConfigurationLayering
{
    public const string DefaultOverrideFile = "/etc/kvmportal/override.json";
    public const string OverrideFileKey = "KvmPortal:OverrideFile";

    public static void Apply(ConfigurationManager configuration, string environmentName, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var early = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var overrideFile = early[OverrideFileKey];
        if (string.IsNullOrWhiteSpace(overrideFile))
        {
            overrideFile = DefaultOverrideFile;
        }

        var sources = configuration.Sources;
        sources.Clear();
        var baseDir = AppContext.BaseDirectory;
        configuration.AddJsonFile(Path.Combine(baseDir, "appsettings.json"), optional: false, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(baseDir, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.GetFullPath(overrideFile), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        configuration[OverrideFileKey] = overrideFile;
    }
}
