using System.Globalization;
using System.Text;
using KvmPortal.Hardware.Video;
using Microsoft.AspNetCore.Http.Features;

namespace KvmPortal.Video;

/// <summary>
/// PiKVM/ustreamer-compatible MJPEG: <c>multipart/x-mixed-replace;boundary=boundarydonotcross</c>, each part with Content-Type,
/// Content-Length and X-Timestamp. <c>advance_headers=1</c> (Chromium paints frame k only when part k+1's headers arrive) sends the next
/// part's headers right after each frame and drops Content-Length. Each client always gets the newest frame: a slow client skips
/// frames, it never queues them. The stream ends when the client goes away, when the app begins to stop (a graceful stop would otherwise
/// wait its whole timeout for this endpoint) or when the video pipeline stops.
/// </summary>
public static class MjpegStreamEndpoint
{
    public const string Boundary = "boundarydonotcross";

    public static async Task HandleAsync(HttpContext context, VideoStreamer streamer, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(streamer);
        ArgumentNullException.ThrowIfNull(lifetime);
        var advance = context.Request.Query["advance_headers"] == "1";
        var extra = context.Request.Query["extra_headers"] == "1"; // ustreamer: X-UStreamer-* on every part (not with advance_headers)
        var response = context.Response;
        response.ContentType = "multipart/x-mixed-replace;boundary=" + Boundary;
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, proxy-revalidate, pre-check=0, post-check=0, max-age=0";
        response.Headers.Pragma = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = ending.Token;
        using var viewer = streamer.AddViewer("mjpeg " + context.Connection.RemoteIpAddress);
        UstreamerHeaders.SetClientCookie(context, viewer.Id); // stream_client=<key>/<id>, the id clients_stat lists
        long last = 0;
        long dropped = 0;
        try
        {
            await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\n"), ct);
            if (advance)
            {
                await response.Body.WriteAsync(PartHeaders(null, time), ct);
            }

            await response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var frame = await streamer.WaitNextAsync(last, ct);
                dropped = last > 0 ? Math.Max(0, frame.Sequence - last - 1) : 0;
                last = frame.Sequence;
                if (!advance)
                {
                    await response.Body.WriteAsync(extra ? UstreamerHeaders.Part(frame, viewer.Fps, dropped, time) : PartHeaders(frame, time), ct);
                }

                await response.Body.WriteAsync(frame.Data, ct);
                await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\n"), ct);
                if (advance)
                {
                    await response.Body.WriteAsync(PartHeaders(null, time), ct);
                }

                await response.Body.FlushAsync(ct);
                viewer.MarkDelivered(frame);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the app is stopping, or the pipeline stopped (its waiters are cancelled).
        }
        catch (IOException) when (ct.IsCancellationRequested)
        {
            // The connection broke mid-write.
        }
    }

    private static byte[] PartHeaders(JpegFrame? frame, TimeProvider time)
    {
        var builder = new StringBuilder("Content-Type: image/jpeg\r\n");
        if (frame is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Content-Length: {frame.Data.Length}\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"X-Timestamp: {Timestamp(frame.CaptureTimestamp)}\r\n");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"X-Timestamp: {Timestamp(time.GetUtcNow())}\r\n");
        }

        builder.Append("\r\n");
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>Seconds since the epoch with microseconds, as ustreamer writes it.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture);
}
