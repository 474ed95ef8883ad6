using System.Net;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Wol;

/// <summary>Validates <see cref="WolOptions"/> at start (for the Udp backend: the MAC, the address and the port).</summary>
public sealed class WolOptionsValidator : IValidateOptions<WolOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Backend != WolBackend.Udp)
        {
            return Enum.IsDefined(options.Backend)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"KvmPortal:Wol:Backend '{options.Backend}' is not one of {string.Join(", ", Enum.GetNames<WolBackend>())}.");
        }

        var failures = new List<string>();
        if (!MacAddressParser.TryParse(options.Mac, out _, out var error))
        {
            failures.Add($"KvmPortal:Wol:Mac: {error}");
        }

        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"KvmPortal:Wol:Address '{options.Address}' is not an IP address.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"KvmPortal:Wol:Port ({options.Port}) must be between 1 and 65535.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
