using System.Globalization;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Video;

/// <summary>What <c>/api/streamer/snapshot</c> and ustreamer's <c>/streamer/snapshot</c> both do: wait up to 5 s for the newest JPEG, send ustreamer's headers.</summary>
public static class SnapshotResponse
{
    /// <summary>The newest JPEG, or null when none came within 5 s (a cancelled request still throws).</summary>
    public static async Task<JpegFrame?> NewestAsync(VideoStreamer streamer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await streamer.GetSnapshotAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>ustreamer's snapshot headers (online, size, capture time); never cached.</summary>
    public static void SetHeaders(HttpResponse response, JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(frame);
        var headers = response.Headers;
        headers["X-UStreamer-Online"] = frame.IsPlaceholder ? "false" : "true";
        headers["X-UStreamer-Width"] = frame.Width.ToString(CultureInfo.InvariantCulture);
        headers["X-UStreamer-Height"] = frame.Height.ToString(CultureInfo.InvariantCulture);
        headers["X-Timestamp"] = MjpegStreamEndpoint.Timestamp(frame.CaptureTimestamp);
        headers.CacheControl = "no-store";
    }
}
