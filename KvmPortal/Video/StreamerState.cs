using System.Text.Json.Nodes;
using KvmPortal.Api;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;

namespace KvmPortal.Video;

/// <summary>The streamer state in PiKVM's shape (<c>result.streamer.source.online</c> and so on), plus KvmPortal's counters.</summary>
public static class StreamerState
{
    /// <summary>The streamer's state as a JSON node (for <c>/streamer/state</c> and the WebSocket's diffs).</summary>
    public static JsonObject Json(VideoStreamer streamer)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        return ApiStates.Node(From(streamer.GetState()));
    }

    public static object From(VideoStreamState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var h264 = s.H264;
        bool hasH264 = h264 is { Available: true };
        return new
        {
            features = new { quality = true, resolution = true, h264 = hasH264 },
            limits = Limits(s, hasH264),
            @params = Params(s, hasH264 ? h264 : null),
            applied = Params(s, hasH264 ? h264 : null), // what the source reports
            snapshot = new { saved = (object?)null },
            streamer = Streamer(s, hasH264 ? h264 : null),
        };
    }

    /// <summary>kvmd puts h264_bitrate and h264_gop into the limits only when the streamer has H.264 (omitted, not null).</summary>
    private static Dictionary<string, object> Limits(VideoStreamState s, bool hasH264)
    {
        var limits = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["desired_fps"] = new { min = 0, max = 120 },
            ["available_resolutions"] = PikvmResolutions.Available(s.Width, s.Height),
        };
        if (hasH264)
        {
            limits["h264_bitrate"] = new { min = H264Limits.MinBitrateKbps, max = H264Limits.MaxBitrateKbps };
            limits["h264_gop"] = new { min = 0, max = H264Limits.MaxGop };
        }

        return limits;
    }

    /// <summary>ustreamer's /state: its "h264" object exists only when an H.264 sink is configured (omitted, not null).</summary>
    private static Dictionary<string, object> Streamer(VideoStreamState s, H264State? h264)
    {
        var state = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["source"] = new
            {
                online = s.Online,
                state = s.State.ToString(),
                resolution = new { width = s.Width, height = s.Height },
                desired_fps = s.DesiredFps,
                captured_fps = s.CapturedFps,
            },
            ["encoder"] = new { type = "CPU", quality = s.JpegQuality, workers = s.Workers, fps = s.EncodedFps },
            ["stream"] = new
            {
                clients = s.Viewers.Count,
                clients_stat = s.Viewers.ToDictionary(v => v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), v => new { id = v.Name, fps = v.Fps }),
            },
            ["counters"] = new
            {
                frames_captured = s.FramesCaptured,
                encodes = s.EncodesPerformed,
                frames_unchanged = s.FramesUnchanged,
                frames_unwatched = s.FramesUnwatched,
            },
        };
        if (h264 is not null)
        {
            state["h264"] = new { bitrate = h264.BitrateKbps, gop = h264.Gop, online = s.Online, fps = h264.Fps, encoder = h264.Encoder, clients = h264.Viewers };
        }

        return state;
    }

    private static object Params(VideoStreamState s, H264State? h264) => h264 is null
        ? new { quality = s.JpegQuality, desired_fps = s.DesiredFps, resolution = PikvmResolutions.Format(s.Width, s.Height) }
        : new
        {
            quality = s.JpegQuality, desired_fps = s.DesiredFps, resolution = PikvmResolutions.Format(s.Width, s.Height),
            h264_bitrate = h264.BitrateKbps, h264_gop = h264.Gop,
        };
}
