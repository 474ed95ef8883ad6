using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Health;

/// <summary>Validates <see cref="HealthOptions"/> at start.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SampleIntervalSeconds is < 1 or > 3600)
        {
            failures.Add($"KvmPortal:Health:SampleIntervalSeconds ({options.SampleIntervalSeconds}) must be between 1 and 3600.");
        }

        if (options.HistoryHours is < 1 or > 168)
        {
            failures.Add($"KvmPortal:Health:HistoryHours ({options.HistoryHours}) must be between 1 and 168.");
        }

        if (string.IsNullOrWhiteSpace(options.SysRoot) || string.IsNullOrWhiteSpace(options.ProcRoot))
        {
            failures.Add("KvmPortal:Health:SysRoot and ProcRoot must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
