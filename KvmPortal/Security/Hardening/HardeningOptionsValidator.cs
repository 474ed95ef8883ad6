using KvmPortal.Security.Outbound;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>Refuses a start with a malformed allow-list entry or origin, or nonsensical limits.</summary>
public sealed class HardeningOptionsValidator : IValidateOptions<HardeningOptions>
{
    public ValidateOptionsResult Validate(string? name, HardeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var entry in options.OutboundAllowList)
        {
            if (!OutboundAllowList.TryParseEntry(entry, out _, out _))
            {
                errors.Add($"KvmPortal:Hardening:OutboundAllowList entry '{entry}' is neither a host name nor an address/CIDR.");
            }
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (SameOriginPolicy.NormalizeOrigin(origin) is null)
            {
                errors.Add($"KvmPortal:Hardening:AllowedOrigins entry '{origin}' must be scheme://host[:port] with http or https and nothing else.");
            }
        }

        if (options.OutboundMaxRedirects is < 0 or > 20)
        {
            errors.Add("KvmPortal:Hardening:OutboundMaxRedirects must be 0..20.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 64L * 1024 * 1024 || options.MaxPrintBodyBytes is < 1024 or > 64L * 1024 * 1024)
        {
            errors.Add("KvmPortal:Hardening:MaxRequestBodyBytes and MaxPrintBodyBytes must be 1 KiB..64 MiB.");
        }

        if (options.MinimumPasswordLength is < 8 or > 128)
        {
            errors.Add("KvmPortal:Hardening:MinimumPasswordLength must be 8..128.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
