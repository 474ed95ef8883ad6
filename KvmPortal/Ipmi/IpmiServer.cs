using System.Net;
using System.Net.Sockets;
using KvmPortal.Auth;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>
/// The UDP side: binds <see cref="IpmiOptions.BindAddress"/>:<see cref="IpmiOptions.Port"/> when enabled, answers one datagram at a
/// time, sweeps idle sessions every second, and ends a user's sessions the moment <see cref="SessionRevocation"/> revokes them.
/// A datagram that throws is logged and dropped; the loop never dies of one.
/// </summary>
public sealed class IpmiServer(
    IOptions<IpmiOptions> options, IpmiPacketProcessor processor, IpmiSessionTable sessions, IpmiHandshake handshake, IpmiTransport transport, SessionRevocation revocation, TimeProvider time,
    ILogger<IpmiServer> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Socket? _socket;
    private Task _receive = Task.CompletedTask;
    private Task _sweep = Task.CompletedTask;

    /// <summary>Gets the bound address (null while the server is off).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Task.CompletedTask;
        }

        var address = IPAddress.Parse(o.BindAddress);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        socket.Bind(new IPEndPoint(address, o.Port));
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        transport.Attach(socket);
        IpmiLog.Listening(logger, LocalEndPoint);
        revocation.Revoked += OnRevoked;
        _socket = socket;
        var stop = _stop.Token;
        _receive = Task.Run(() => ReceiveLoopAsync(socket, stop), CancellationToken.None);
        _sweep = Task.Run(() => SweepLoopAsync(stop), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!Shutdown())
        {
            return; // never started, or already stopped (the host may stop and dispose from two threads at once)
        }

        try
        {
            await Task.WhenAll(_receive, _sweep).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loops end with the socket.
        }
    }

    /// <summary>Also stops the server: a host that is disposed while (or before) it is stopped must not throw from StopAsync.</summary>
    public void Dispose()
    {
        Shutdown();
        lock (_gate)
        {
            _stop.Dispose(); // not while the other thread's Shutdown cancels it
        }
    }

    /// <summary>Ends the sessions and closes the socket once, whichever of StopAsync and Dispose comes first.</summary>
    private bool Shutdown()
    {
        Socket? socket;
        lock (_gate)
        {
            (socket, _socket) = (_socket, null);
            if (socket is null)
            {
                return false;
            }

            _stop.Cancel();
        }

        revocation.Revoked -= OnRevoked;
        foreach (var s in sessions.Snapshot())
        {
            sessions.End(s, "server stopped"); // before the socket goes: Serial-over-LAN says goodbye
        }

        transport.Detach();
        socket.Dispose();
        return true;
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                IpmiLog.ReceiveFailed(logger, ex);
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                var reply = await processor.ProcessAsync(buffer.AsMemory(0, received.ReceivedBytes), remote, cancellationToken);
                if (reply is not null)
                {
                    await socket.SendToAsync(reply, SocketFlags.None, remote, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One bad datagram (or a failing dependency) must never stop the server.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                IpmiLog.DatagramFailed(logger, ex, remote);
            }
        }
    }

    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var abandoned in sessions.Sweep())
            {
                handshake.Abandoned(abandoned);
            }
        }
    }

    private void OnRevoked(object? sender, string userName) => sessions.EndUser(userName, "revoked");
}
