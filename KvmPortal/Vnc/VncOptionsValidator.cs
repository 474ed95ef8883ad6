using System.Net;
using Microsoft.Extensions.Options;

namespace KvmPortal.Vnc;

/// <summary>Validates <see cref="VncOptions"/> at start (also when the server is off, so a wrong value is found before it is switched on).</summary>
public sealed class VncOptionsValidator : IValidateOptions<VncOptions>
{
    public ValidateOptionsResult Validate(string? name, VncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add("KvmPortal:Vnc:Port must be a TCP port (1-65535, or 0 for any free port).");
        }

        if (!string.IsNullOrEmpty(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"KvmPortal:Vnc:BindAddress '{options.BindAddress}' is not an IP address (leave it empty to follow the web server).");
        }

        if (options.MaxConnections is < 1 or > 256)
        {
            errors.Add("KvmPortal:Vnc:MaxConnections must be between 1 and 256.");
        }

        if (options.MaxPasteLength is < 0 or > 1024 * 1024)
        {
            errors.Add("KvmPortal:Vnc:MaxPasteLength must be between 0 and 1048576.");
        }

        if (options.TileSize is < 8 or > 256 || (options.TileSize % 8) != 0)
        {
            errors.Add("KvmPortal:Vnc:TileSize must be a multiple of 8 between 8 and 256.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
