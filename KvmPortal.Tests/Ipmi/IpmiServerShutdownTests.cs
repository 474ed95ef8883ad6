using System.Net;
using System.Net.Sockets;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// Under WebApplicationFactory the app's own <c>RunAsync</c> stops and disposes the host while the factory is still stopping it
/// (two threads). The IPMI server must then end quietly whichever comes first: a Dispose before StopAsync once failed a whole CI run
/// as an xUnit class cleanup failure.
/// </summary>
public sealed class IpmiServerShutdownTests
{
    [Fact]
    public async Task DisposedBeforeStop_StopsQuietly_EndsTheSocket_AndStopsOnlyOnce()
    {
        using var factory = new KvmAppFactory()
            .With("KvmPortal:Ipmi:Enabled", "true")
            .With("KvmPortal:Ipmi:Port", "0")
            .With("KvmPortal:Ipmi:BindAddress", "127.0.0.1")
            .Start();
        var server = factory.Services.GetRequiredService<IpmiServer>();
        var port = server.LocalEndPoint!.Port;

        server.Dispose();
        await server.StopAsync(CancellationToken.None);
        await server.StopAsync(CancellationToken.None);

        // The UDP port is free again: the socket was closed by the first of the two calls.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(port, ((IPEndPoint)probe.LocalEndPoint!).Port);
    }
}
