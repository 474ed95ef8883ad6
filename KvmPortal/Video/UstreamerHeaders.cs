using System.Globalization;
using System.Text;
using KvmPortal.Hardware.Video;
using KvmPortal.Video;

namespace KvmPortal.Video;

/// <summary>
/// ustreamer's per-client MJPEG details: the <c>stream_client=&lt;key&gt;/&lt;id&gt;</c> cookie (PiKVM's UI finds its own entry of
/// <c>clients_stat</c> through it) and, with <c>extra_headers=1</c>, the <c>X-UStreamer-*</c> headers on every part.
/// </summary>
public static class UstreamerHeaders
{
    /// <summary>Sets <c>stream_client</c> as ustreamer does (<c>path=/; max-age=30</c>, readable by the page's script); the key is
    /// the client's <c>key</c> parameter, "0" when absent or not a plain token.</summary>
    public static void SetClientCookie(HttpContext context, long clientId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.Request.Query["key"].ToString();
        if (key.Length is 0 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            key = "0";
        }

        context.Response.Headers.Append("Set-Cookie", string.Create(CultureInfo.InvariantCulture, $"stream_client={key}/{clientId}; path=/; max-age=30"));
    }

    /// <summary>A part's headers with ustreamer's extra headers.</summary>
    public static byte[] Part(JpegFrame frame, int clientFps, long dropped, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(time);
        var now = MjpegStreamEndpoint.Timestamp(time.GetUtcNow());
        var grab = MjpegStreamEndpoint.Timestamp(frame.CaptureTimestamp);
        var encoded = MjpegStreamEndpoint.Timestamp(frame.EncodeTimestamp);
        var latency = Math.Max(0, (time.GetUtcNow() - frame.CaptureTimestamp).TotalSeconds).ToString("0.000000", CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .Append("Content-Type: image/jpeg\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {frame.Data.Length}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Timestamp: {grab}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Online: {(frame.IsPlaceholder ? "false" : "true")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Dropped: {dropped}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Width: {frame.Width}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Height: {frame.Height}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Client-FPS: {clientFps}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Grab-Time: {grab}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Encode-Begin-Time: {grab}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Encode-End-Time: {encoded}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Expose-Begin-Time: {encoded}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Expose-Cmp-Time: {encoded}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Expose-End-Time: {encoded}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Send-Time: {now}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-UStreamer-Latency: {latency}\r\n")
            .Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
