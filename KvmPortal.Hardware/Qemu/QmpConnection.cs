using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace KvmPortal.Hardware.Qemu;

/// <summary>One QMP socket connection with its reader and the commands waiting for an answer.</summary>
internal sealed class QmpConnection : IDisposable
{
    private int _closed;

    public QmpConnection(Socket socket)
    {
        Socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new StreamReader(Stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
    }

    public Socket Socket { get; }

    public NetworkStream Stream { get; }

    public StreamReader Reader { get; }

    public Task? ReaderTask { get; set; }

    public ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> Pending { get; } = new(StringComparer.Ordinal);

    public bool Closed => Volatile.Read(ref _closed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already gone.
            }

            Reader.Dispose();
            Stream.Dispose();
        }
    }
}
