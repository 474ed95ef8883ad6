namespace KvmPortal.Settings;

/// <summary>The outcome of saving settings: the errors (nothing was changed) or the changes made, as "key: old → new".</summary>
public sealed record SettingsSaveResult(IReadOnlyList<string> Errors, IReadOnlyList<string> Changes, bool RestartNeeded)
{
    public bool Succeeded => Errors.Count == 0;

    public static SettingsSaveResult Fail(params string[] errors) => new(errors, [], false);
}
