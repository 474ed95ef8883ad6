using System.Net;
using KvmPortal.Security.Hardening;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Outbound;

/// <summary>The configured exceptions for LAN image servers: host names (exact, case-insensitive) and address ranges.</summary>
public sealed class OutboundAllowList
{
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public OutboundAllowList(IOptions<HardeningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in options.Value.OutboundAllowList)
        {
            if (TryParseEntry(entry, out var host, out var network))
            {
                if (network is { } n)
                {
                    _networks.Add(n);
                }
                else
                {
                    _hosts.Add(host!);
                }
            }
        }
    }

    /// <summary>Parses a CIDR, a single address, or a DNS host name.</summary>
    public static bool TryParseEntry(string? entry, out string? host, out IPNetwork? network)
    {
        host = null;
        network = null;
        var text = entry?.Trim() ?? "";
        if (text.Length == 0)
        {
            return false;
        }

        var addressPart = text.Split('/')[0].Trim('[', ']');
        var canonicalV4 = addressPart.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
        if (!addressPart.Contains(':', StringComparison.Ordinal) && !canonicalV4 && IPAddress.TryParse(addressPart, out _))
        {
            return false; // odd IPv4 spellings (2130706433, 0x7f000001, 127.1) are not accepted in configuration
        }

        if (IPNetwork.TryParse(text, out var parsed))
        {
            network = parsed;
            return true;
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        if (Uri.CheckHostName(text) == UriHostNameType.Dns && !text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            host = text.TrimEnd('.');
            return true;
        }

        return false;
    }

    public bool AllowsHost(string host) => _hosts.Contains(host.TrimEnd('.'));

    /// <summary>True when the address may be connected to: public, or inside an allowed range.</summary>
    public bool AllowsAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return !ForbiddenAddresses.IsForbidden(plain) || _networks.Any(n => n.Contains(plain));
    }
}
