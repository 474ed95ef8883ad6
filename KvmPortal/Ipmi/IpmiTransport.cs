using System.Net;
using System.Net.Sockets;

namespace KvmPortal.Ipmi;

/// <summary>
/// The server's UDP socket for packets nobody asked for: Serial-over-LAN output and its retransmits go out from their own task, not as
/// the answer to a datagram. <see cref="IpmiServer"/> attaches the socket while it runs.
/// </summary>
public sealed class IpmiTransport
{
    private Socket? _socket;

    /// <summary>Gets the UDP port the server listens on (0 while it is off): Activate Payload names it as the SOL port.</summary>
    public int Port { get; private set; }

    internal void Attach(Socket socket)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    internal void Detach() => _socket = null;

    /// <summary>Sends one datagram; false when the server is off or the send failed (UDP: the peer's retransmit covers it).</summary>
    public bool Send(byte[] datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        try
        {
            return _socket is { } s && s.SendTo(datagram, remote) == datagram.Length;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
