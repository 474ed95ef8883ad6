using System.Buffers.Binary;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;

namespace KvmPortal.Video;

/// <summary>
/// The console canvas's WebSocket: one binary message per frame, a 16-byte header (capture time in Unix milliseconds as a
/// little-endian int64, width, height and signal state (0 = online, else VideoSignalState) as uint16, the codec byte (0 = JPEG,
/// 1 = H.264 Annex-B access unit) and a flags byte (bit 0 = key frame)) followed by the coded picture. <c>?codec=h264|mjpeg</c>
/// picks the codec (default mjpeg); the client may switch at any time with a text message <c>h264</c> or <c>mjpeg</c>, and ask
/// for a key frame with <c>key</c>. H.264 is encoded once for all viewers; a viewer's first H.264 frame is always a key frame.
/// The next frame is taken only when the previous send completed, so a client never gets a backlog.
/// </summary>
public static class FrameSocketEndpoint
{
    public const int HeaderSize = 16;

    public const byte CodecJpeg = 0;

    public const byte CodecH264 = 1;

    public const byte FlagKeyFrame = 1;

    public static async Task HandleAsync(HttpContext context, VideoStreamer streamer, H264Broadcaster h264)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(streamer);
        ArgumentNullException.ThrowIfNull(h264);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket expected");
            return;
        }

        var codec = context.Request.Query["codec"].ToString();
        if (codec is not ("" or "h264" or "mjpeg"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("codec must be h264 or mjpeg");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new FrameSocketSession(socket, streamer, h264, "ws " + context.Connection.RemoteIpAddress, codec == "h264");
        await session.RunAsync(context.RequestAborted);
    }

    public static void Write(Span<byte> destination, JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        WriteHeader(destination, frame.CaptureTimestamp, frame.Width, frame.Height, frame.State, CodecJpeg, keyFrame: true);
        frame.Data.Span.CopyTo(destination[HeaderSize..]);
    }

    public static void Write(Span<byte> destination, H264Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        WriteHeader(destination, unit.CaptureTimestamp, unit.Width, unit.Height, unit.State, CodecH264, unit.KeyFrame);
        unit.Data.Span.CopyTo(destination[HeaderSize..]);
    }

    private static void WriteHeader(Span<byte> destination, DateTimeOffset captured, int width, int height, VideoSignalState state, byte codec, bool keyFrame)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, captured.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], (ushort)height);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)state);
        destination[14] = codec;
        destination[15] = keyFrame ? FlagKeyFrame : (byte)0;
    }
}
