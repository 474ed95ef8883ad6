using Microsoft.Extensions.Options;

namespace KvmPortal.Configuration;

/// <summary>
/// Validates the <c>KvmPortal</c> section at start: every key inside it must belong to <see cref="KvmPortalOptions"/> or to a known
/// section (<see cref="ConfigurationSchema"/>); unknown keys are each named, with a suggestion where one is close. The sections' values are
/// checked by their own features' validators.
/// </summary>
public sealed class KvmPortalOptionsValidator(IConfiguration configuration, ConfigurationSchema schema) : IValidateOptions<KvmPortalOptions>
{
    public ValidateOptionsResult Validate(string? name, KvmPortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unknown = schema.FindUnknownKeys(configuration);
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(schema.Describe(unknown));
    }
}
