using Microsoft.Extensions.Options;

namespace KvmPortal.Settings;

/// <summary>
/// A settings card's check of its own section in the would-be configuration, with the same validator as at start (for
/// <see cref="SettingsKeyChange"/>'s Validate).
/// </summary>
public static class SectionCheck
{
    public static IReadOnlyList<string> Validate<TOptions>(IConfiguration configuration, string sectionName, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(validator);
        TOptions options;
        try
        {
            options = configuration.GetSection(sectionName).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message]; // a value that does not convert, e.g. a port that is not a number
        }

        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
