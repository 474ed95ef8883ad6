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
        if (await SnapshotResponse.NewestAsync(streamer, ct) is not { } frame)
        {
            return Results.StatusCode(503);
        }

        SnapshotResponse.SetHeaders(context.Response, frame);
        return Results.File(frame.Data.ToArray(), "image/jpeg");
    }
}
