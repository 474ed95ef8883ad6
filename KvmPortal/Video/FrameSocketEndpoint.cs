using System.Buffers.Binary;
using System.Net.WebSockets;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Video;

/// <summary>
/// The console canvas's WebSocket: one binary message per frame, a 16-byte header (capture time in Unix milliseconds as a
/// little-endian int64, width, height and signal state (0 = online, else VideoSignalState) as uint16, two reserved bytes) followed by the JPEG. The next frame is taken only when the
/// previous send completed, so a client always gets the newest frame and never a backlog.
/// </summary>
public static class FrameSocketEndpoint
{
    public const int HeaderSize = 16;

    public static async Task HandleAsync(HttpContext context, VideoStreamer streamer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(streamer);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket expected");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var ct = context.RequestAborted;
        using var viewer = streamer.AddViewer("ws " + context.Connection.RemoteIpAddress);
        _ = DrainAsync(socket, ct);
        long last = 0;
        var buffer = Array.Empty<byte>();
        try
        {
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                var frame = await streamer.WaitNextAsync(last, ct);
                last = frame.Sequence;
                var length = HeaderSize + frame.Data.Length;
                if (buffer.Length < length)
                {
                    buffer = new byte[length + (length / 4)];
                }

                Write(buffer, frame);
                await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, ct);
                viewer.MarkDelivered(frame);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away.
        }
    }

    public static void Write(Span<byte> destination, JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        BinaryPrimitives.WriteInt64LittleEndian(destination, frame.CaptureTimestamp.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)frame.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], (ushort)frame.Height);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)frame.State);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], 0);
        frame.Data.Span.CopyTo(destination[HeaderSize..]);
    }

    private static async Task DrainAsync(WebSocket socket, CancellationToken ct)
    {
        var scratch = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(scratch, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }
}
