using System.Globalization;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Hardware.Video;
using KvmPortal.Video;

namespace KvmPortal.Pikvm;

/// <summary>
/// ustreamer's own HTTP API at PiKVM's <c>/streamer/*</c> paths (View): <c>/streamer/state</c> (<c>{ok, result}</c> with ustreamer's
/// state, the object kvmd shows as <c>streamer</c>) and <c>/streamer/snapshot</c> (the newest JPEG with <c>X-UStreamer-*</c> headers, also
/// while offline, as ustreamer answers). <c>/streamer/stream</c> is <see cref="MjpegStreamEndpoint"/>.
/// </summary>
public static class UstreamerApi
{
    public static IEndpointRouteBuilder MapUstreamerApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/streamer/state", (VideoStreamer streamer) => ApiEnvelope.Ok(StreamerState.Json(streamer)["streamer"]!.DeepClone()))
            .RequireAuthorization(Permissions.View);
        endpoints.MapGet("/streamer/snapshot", SnapshotAsync).RequireAuthorization(Permissions.View);
        return endpoints;
    }

    private static async Task<IResult> SnapshotAsync(HttpContext context, VideoStreamer streamer, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        JpegFrame frame;
        try
        {
            frame = await streamer.GetSnapshotAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Results.StatusCode(503);
        }

        var headers = context.Response.Headers;
        headers["X-UStreamer-Online"] = frame.IsPlaceholder ? "false" : "true";
        headers["X-UStreamer-Width"] = frame.Width.ToString(CultureInfo.InvariantCulture);
        headers["X-UStreamer-Height"] = frame.Height.ToString(CultureInfo.InvariantCulture);
        headers["X-Timestamp"] = MjpegStreamEndpoint.Timestamp(frame.CaptureTimestamp);
        headers.CacheControl = "no-store";
        return Results.File(frame.Data.ToArray(), "image/jpeg");
    }
}
