using System.Text.Json.Nodes;
using KvmPortal.Api;
using KvmPortal.Hardware.Video;

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
        return new
        {
            features = new { quality = true, resolution = true, h264 = false },
            limits = new { desired_fps = new { min = 0, max = 120 }, available_resolutions = PikvmResolutions.Available(s.Width, s.Height) },
            @params = new { quality = s.JpegQuality, desired_fps = s.DesiredFps, resolution = PikvmResolutions.Format(s.Width, s.Height) },
            applied = new { quality = s.JpegQuality, desired_fps = s.DesiredFps, resolution = PikvmResolutions.Format(s.Width, s.Height) }, // what the source reports
            snapshot = new { saved = (object?)null },
            streamer = new
            {
                source = new
                {
                    online = s.Online,
                    state = s.State.ToString(),
                    resolution = new { width = s.Width, height = s.Height },
                    desired_fps = s.DesiredFps,
                    captured_fps = s.CapturedFps,
                },
                encoder = new { type = "CPU", quality = s.JpegQuality, workers = s.Workers, fps = s.EncodedFps },
                stream = new
                {
                    clients = s.Viewers.Count,
                    clients_stat = s.Viewers.ToDictionary(v => v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), v => new { id = v.Name, fps = v.Fps }),
                },
                counters = new
                {
                    frames_captured = s.FramesCaptured,
                    encodes = s.EncodesPerformed,
                    frames_unchanged = s.FramesUnchanged,
                    frames_unwatched = s.FramesUnwatched,
                },
            },
        };
    }
}
