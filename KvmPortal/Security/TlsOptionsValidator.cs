using Microsoft.Extensions.Options;

namespace KvmPortal.Security;

/// <summary>Validates the <c>KvmPortal:Tls</c> section at start and before the settings page saves.</summary>
public sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Enabled && options.HttpsPort is < 1 or > 65535)
        {
            errors.Add("KvmPortal:Tls:HttpsPort must be a TCP port.");
        }

        if (options.Enabled && (options.HttpPort is < 0 or > 65535 || options.HttpPort == options.HttpsPort))
        {
            errors.Add("KvmPortal:Tls:HttpPort must be 0 (off) or a TCP port other than HttpsPort.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            errors.Add($"KvmPortal:Tls:CertificatePath '{options.CertificatePath}' does not exist.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
