using System.Net.Sockets;
using System.Text;

namespace KvmPortal.Tests.Security;

/// <summary>
/// A raw HTTP/1.1 client that posts a chunked body (no Content-Length) of a given size from one small buffer and reads the status line
/// while it sends, so a server that answers early and closes is seen answering, not as a send error.
/// </summary>
public static class ChunkedFlood
{
    private static readonly byte[] Chunk = BuildChunk();

    /// <summary>Returns the HTTP status code, or 0 when the connection closed without a status line.</summary>
    public static async Task<int> PostAsync(Uri server, string path, string contentType, long bodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        var status = ReadStatusAsync(stream, cancellationToken);
        try
        {
            for (long sent = 0; sent < bodyBytes && !status.IsCompleted; sent += Chunk.Length)
            {
                await stream.WriteAsync(Chunk, cancellationToken);
            }

            if (!status.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server answered and closed: the status line is already on its way.
        }

        return await status;
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var length = 0;
        try
        {
            while (length < 12)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return 0;
                }

                length += read;
            }
        }
        catch (IOException)
        {
            return 0;
        }

        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] BuildChunk()
    {
        const int size = 16 * 1024;
        var header = Encoding.ASCII.GetBytes($"{size:x}\r\n");
        var chunk = new byte[header.Length + size + 2];
        header.CopyTo(chunk, 0);
        chunk.AsSpan(header.Length, size).Fill((byte)'a');
        "{\"a\":\""u8.CopyTo(chunk.AsSpan(header.Length));
        chunk[^2] = (byte)'\r';
        chunk[^1] = (byte)'\n';
        return chunk;
    }
}
