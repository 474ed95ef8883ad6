using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Wol;

/// <summary>Sends the magic packet over UDP to the configured broadcast or unicast address.</summary>
public sealed partial class UdpWakeOnLan : IWakeOnLan
{
    private readonly byte[] _packet;
    private readonly IPEndPoint _endpoint;
    private readonly ILogger<UdpWakeOnLan> _logger;

    /// <summary>Initializes a new instance of the <see cref="UdpWakeOnLan"/> class.</summary>
    public UdpWakeOnLan(IOptions<WolOptions> options, ILogger<UdpWakeOnLan> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var o = options.Value;
        var mac = MacAddressParser.Parse(o.Mac);
        TargetMac = MacAddressParser.Format(mac);
        _packet = MagicPacket.Build(mac);
        if (!IPAddress.TryParse(o.Address, out var address))
        {
            throw new FormatException($"KvmPortal:Wol:Address '{o.Address}' is not an IP address.");
        }

        _endpoint = new IPEndPoint(address, o.Port);
    }

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <inheritdoc/>
    public string? TargetMac { get; }

    /// <inheritdoc/>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(_endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (_endpoint.AddressFamily == AddressFamily.InterNetwork)
        {
            // Needed for 255.255.255.255 and subnet broadcasts; harmless for unicast.
            socket.EnableBroadcast = true;
        }

        var sent = await socket.SendToAsync(_packet, SocketFlags.None, _endpoint, cancellationToken).ConfigureAwait(false);
        if (sent != _packet.Length)
        {
            throw new IOException($"Wake-on-LAN: only {sent} of {_packet.Length} bytes were sent.");
        }

        Sent(_logger, TargetMac!, _endpoint);
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Wake-on-LAN magic packet for {Mac} sent to {Endpoint}")]
    private static partial void Sent(ILogger logger, string mac, IPEndPoint endpoint);
}
