using System.Globalization;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Video.Ocr;

namespace KvmPortal.Video;

/// <summary>PiKVM's <c>/api/streamer</c> routes (state, snapshot, parameters, MJPEG) plus the console's frame WebSocket. All need View.</summary>
public static class StreamerApi
{
    public static IEndpointRouteBuilder MapStreamerApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/streamer").RequireAuthorization(Permissions.View);
        group.MapGet("", (VideoStreamer streamer) => ApiEnvelope.Ok(StreamerState.From(streamer.GetState())));
        group.MapGet("/stream", MjpegStreamEndpoint.HandleAsync);
        group.MapGet("/ws", FrameSocketEndpoint.HandleAsync);
        group.MapGet("/snapshot", SnapshotAsync);
        group.MapGet("/ocr", OcrApi.State);
        group.MapPost("/set_params", SetParams).RequireAuthorization(Permissions.Control)
            .AddEndpointFilter(new AuditedEndpointFilter(AuditActions.SettingsChanged, null));

        // ustreamer's own path, which PiKVM's nginx exposes, for clients that use it directly.
        endpoints.MapGet("/streamer/stream", MjpegStreamEndpoint.HandleAsync).RequireAuthorization(Permissions.View);
        return endpoints;
    }

    private static async Task<IResult> SnapshotAsync(HttpContext context, VideoStreamer streamer, TesseractOcr ocr, ILogger<TesseractOcr> logger, CancellationToken ct)
    {
        var query = context.Request.Query;
        if (!ApiQuery.TryBool(query, "allow_offline", false, out var allowOffline) || !ApiQuery.TryBool(query, "preview", false, out var preview) ||
            !ApiQuery.TryBool(query, "ocr", false, out var recognize) ||
            !ApiQuery.TryInt(query, "preview_max_width", 0, 0, 10_000, out var maxWidth) ||
            !ApiQuery.TryInt(query, "preview_max_height", 0, 0, 10_000, out var maxHeight) ||
            !ApiQuery.TryInt(query, "preview_quality", 80, 1, 100, out var previewQuality))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "Invalid snapshot parameter");
        }

        var ocrQuery = default(OcrQuery);
        if (recognize && OcrApi.Validate(query, ocr, out ocrQuery) is { } invalid)
        {
            return invalid;
        }

        if (await SnapshotResponse.NewestAsync(streamer, ct) is not { } frame)
        {
            return ApiEnvelope.Error(503, "UnavailableError", "No frame from the streamer");
        }

        if (frame.IsPlaceholder && !allowOffline)
        {
            return ApiEnvelope.Error(503, "UnavailableError", "The video source is offline");
        }

        SnapshotResponse.SetHeaders(context.Response, frame);
        if (recognize)
        {
            return await OcrApi.RecognizeAsync(frame, ocrQuery, ocr, logger, ct);
        }

        var bytes = preview ? JpegPreview.Make(frame.Data.Span, maxWidth, maxHeight, previewQuality) : frame.Data.ToArray();
        return Results.File(bytes, "image/jpeg");
    }

    private static IResult SetParams(HttpContext context, VideoStreamer streamer, H264Broadcaster h264)
    {
        var query = context.Request.Query;
        if (!ApiQuery.TryInt(query, "quality", streamer.JpegQuality, 1, 100, out var quality) ||
            !ApiQuery.TryInt(query, "desired_fps", streamer.DesiredFps, 0, 120, out var fps))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "quality must be 1..100 and desired_fps 0..120");
        }

        bool h264Asked = query.ContainsKey("h264_bitrate") || query.ContainsKey("h264_gop");
        if (h264Asked && !h264.Available)
        {
            return ApiEnvelope.Error(400, "ValidatorError", "This streamer does not support H264");
        }

        if (!ApiQuery.TryInt(query, "h264_bitrate", h264.BitrateKbps, H264Limits.MinBitrateKbps, H264Limits.MaxBitrateKbps, out var bitrate) ||
            !ApiQuery.TryInt(query, "h264_gop", h264.Gop, 0, H264Limits.MaxGop, out var gop))
        {
            return ApiEnvelope.Error(400, "ValidatorError", $"h264_bitrate must be {H264Limits.MinBitrateKbps}..{H264Limits.MaxBitrateKbps} and h264_gop 0..{H264Limits.MaxGop}");
        }

        int width = 0, height = 0;
        var resolution = query["resolution"].ToString();
        if (resolution.Length > 0 && !TryResolution(resolution, out width, out height))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "resolution must look like 1920x1080");
        }

        streamer.JpegQuality = quality;
        streamer.DesiredFps = fps;
        if (h264Asked)
        {
            h264.BitrateKbps = bitrate;
            h264.Gop = gop;
        }

        if (width > 0)
        {
            streamer.SetResolution(width, height);
        }

        return ApiEnvelope.Ok();
    }

    private static bool TryResolution(string text, out int width, out int height)
    {
        width = height = 0;
        var parts = text.Split('x');
        return parts.Length == 2 &&
               int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width) &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height) &&
               width is >= 160 and <= 7680 && height is >= 120 and <= 4320;
    }
}
