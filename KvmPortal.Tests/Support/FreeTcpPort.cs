using System.Net;
using System.Net.Sockets;

namespace KvmPortal.Tests.Support;

/// <summary>
/// A loopback TCP port for a server a test starts in another process (where it cannot bind port 0 and tell us the number). Ports come
/// from below Linux's ephemeral range (32768–60999), so a port handed out here is never taken in between by someone's bind(0) or
/// outgoing connection; a counter keeps this process's tests apart, and each candidate is checked by binding it once.
/// </summary>
public static class FreeTcpPort
{
    private const int First = 20000;
    private const int Last = 32000;
    private static int _next = First + (Environment.ProcessId % 400 * 25);

    /// <summary>Returns a port that was free a moment ago and is handed out only once by this process.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + ((Interlocked.Increment(ref _next) - First) % (Last - First));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException($"no free loopback TCP port in {First}..{Last}");
    }
}
