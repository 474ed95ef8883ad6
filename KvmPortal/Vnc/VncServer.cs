using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KvmPortal.Vnc;

/// <summary>
/// The TCP side of the VNC server: when enabled, waits for the web server to start, then listens on <see cref="VncOptions.Port"/> on
/// the same addresses (or <see cref="VncOptions.BindAddress"/>) and runs each client through <see cref="VncHost"/>.
/// </summary>
public sealed class VncServer(IOptions<VncOptions> options, VncHost host, IServer server, IHostApplicationLifetime lifetime, ILogger<VncServer> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<IReadOnlyList<IPEndPoint>> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound end points once listening (never when the server is off).</summary>
    public Task<IReadOnlyList<IPEndPoint>> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            // The web server is up: its addresses are known.
        }

        var listeners = new List<TcpListener>();
        try
        {
            foreach (var address in Addresses(o))
            {
                var listener = new TcpListener(address, o.Port);
                if (address.Equals(IPAddress.IPv6Any))
                {
                    listener.Server.DualMode = true;
                }

                listener.Start();
                listeners.Add(listener);
                VncLog.Listening(logger, listener.LocalEndpoint);
            }

            _listening.TrySetResult([.. listeners.Select(l => (IPEndPoint)l.LocalEndpoint)]);
            await Task.WhenAll(listeners.Select(l => AcceptLoopAsync(l, stoppingToken)));
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stoppingToken)
    {
        var sessions = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                VncLog.ListenerFailed(logger, ex, listener.LocalEndpoint);
                continue;
            }

            socket.NoDelay = true;
            var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "?";
            sessions.RemoveAll(t => t.IsCompleted);
            sessions.Add(Task.Run(() => RunAsync(socket, remote, stoppingToken), CancellationToken.None));
        }

        await Task.WhenAll(sessions);
    }

    private async Task RunAsync(Socket socket, string remote, CancellationToken stoppingToken)
    {
        try
        {
            await host.RunAsync(new NetworkStream(socket, ownsSocket: true), remote, VncTransport.Tcp, null, stoppingToken);
        }
#pragma warning disable CA1031 // One client's failure must never stop the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            VncLog.Failed(logger, ex, remote);
        }
    }

    private List<IPAddress> Addresses(VncOptions o)
    {
        if (!string.IsNullOrEmpty(o.BindAddress))
        {
            return [IPAddress.Parse(o.BindAddress)];
        }

        var result = new List<IPAddress>();
        foreach (var url in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
            host = host.Split('/')[0];
            host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
            if (host is "*" or "+" or "0.0.0.0" or "::" || host.Length == 0)
            {
                return [Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any];
            }

            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(IPAddress.Loopback);
                continue;
            }

            if (IPAddress.TryParse(host, out var ip) && !result.Contains(ip))
            {
                result.Add(ip);
            }
        }

        return result.Count > 0 ? result : [Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any];
    }
}
