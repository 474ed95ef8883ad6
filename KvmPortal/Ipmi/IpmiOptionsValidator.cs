using System.Net;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>Validates <see cref="IpmiOptions"/> at start (also when the server is off, so a wrong value is found before it is switched on).</summary>
public sealed class IpmiOptionsValidator : IValidateOptions<IpmiOptions>
{
    public ValidateOptionsResult Validate(string? name, IpmiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add("KvmPortal:Ipmi:Port must be a UDP port (1-65535, or 0 for any free port).");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"KvmPortal:Ipmi:BindAddress '{options.BindAddress}' is not an IP address.");
        }

        if (options.SessionTimeout < TimeSpan.FromSeconds(1) || options.SessionTimeout > TimeSpan.FromHours(1))
        {
            errors.Add("KvmPortal:Ipmi:SessionTimeout must be between one second and one hour.");
        }

        if (options.MaxSessions is < 1 or > 64)
        {
            errors.Add("KvmPortal:Ipmi:MaxSessions must be between 1 and 64.");
        }

        if (options.LockoutAttempts is < 1 or > 100)
        {
            errors.Add("KvmPortal:Ipmi:LockoutAttempts must be between 1 and 100.");
        }

        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            errors.Add("KvmPortal:Ipmi:LockoutDuration must be positive.");
        }

        if (options.SolPort is null || options.SolPort.Length > 32 || !options.SolPort.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add("KvmPortal:Ipmi:SolPort must be empty (the first serial port) or a serial port's name (letters, digits, '-', '_').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
