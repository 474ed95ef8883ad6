using System.Net;
using System.Net.Sockets;
using KvmPortal.Security.Hardening;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Outbound;

/// <summary>
/// The HTTP client for URL downloads. No proxy, no automatic redirects (see <see cref="RedirectGuardHandler"/>), and a connect callback
/// that resolves the host itself and connects only to addresses the policy allows: the check holds for the address actually
/// connected to, so DNS rebinding between a check and the connect cannot reach an internal address.
/// </summary>
public sealed class OutboundHttpClient : IDisposable
{
    private readonly OutboundAllowList _allowList;

    public OutboundHttpClient(OutboundAllowList allowList, IOptions<HardeningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        ArgumentNullException.ThrowIfNull(options);
        _allowList = allowList;
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        Client = new HttpClient(new RedirectGuardHandler(options.Value.OutboundMaxRedirects) { InnerHandler = sockets })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var byName = _allowList.AllowsHost(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => byName || _allowList.AllowsAddress(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundFetchRefusedException("the target resolves only to addresses the outbound fetch policy refuses");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            if (socket.RemoteEndPoint is not IPEndPoint connected || (!byName && !_allowList.AllowsAddress(connected.Address)))
            {
                throw new OutboundFetchRefusedException("connected to an address the outbound fetch policy refuses");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
