namespace KvmPortal.Settings;

/// <summary>A set of configuration keys a settings card wants to save, and how to check them first.</summary>
/// <param name="Area">What the keys are about, for the audit record (for example "vnc").</param>
/// <param name="Values">Key path (<c>KvmPortal:Vnc:Port</c>) → value (string, bool, int or TimeSpan).</param>
/// <param name="Validate">Checks the configuration as it would be after saving (the current one with <paramref name="Values"/> laid
/// over it) and returns the problems; empty when it is fine.</param>
/// <param name="RestartNeeded">True when the values are only read at start.</param>
/// <param name="SecretKeys">Keys whose values never appear in the audit record (shown as "(changed)").</param>
public sealed record SettingsKeyChange(
    string Area,
    IReadOnlyDictionary<string, object> Values,
    Func<IConfiguration, IReadOnlyList<string>> Validate,
    bool RestartNeeded,
    IReadOnlySet<string>? SecretKeys = null);
