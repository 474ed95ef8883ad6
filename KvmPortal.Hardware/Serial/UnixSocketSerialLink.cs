using System.Net.Sockets;

namespace KvmPortal.Hardware.Serial;

/// <summary>A unix stream socket carrying a serial line's bytes (QEMU's <c>-serial unix:PATH,server,nowait</c>, ser2net, socat).</summary>
internal sealed class UnixSocketSerialLink : ISerialLink
{
    public const string Prefix = "unix:";

    private readonly NetworkStream _stream;

    private UnixSocketSerialLink(NetworkStream stream) => _stream = stream;

    public Stream Stream => _stream;

    public bool Present => true;

    public static async Task<UnixSocketSerialLink> ConnectAsync(string device, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(device[Prefix.Length..]), cancellationToken);
            return new UnixSocketSerialLink(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task<bool> BreakAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken) => Task.FromResult(false);

    public void Dispose() => _stream.Dispose();
}
