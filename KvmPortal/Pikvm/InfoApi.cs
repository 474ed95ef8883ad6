using System.Reflection;
using System.Runtime.InteropServices;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Hardware.Health;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Pikvm;

/// <summary>PiKVM's <c>/api/info</c> (View): system, auth, meta, extras, health, uptime, node, fan; <c>fields=</c> selects.</summary>
public static class InfoApi
{
    private static readonly string[] Fields = ["system", "auth", "meta", "extras", "health", "uptime", "node", "fan"];

    public static RouteHandlerBuilder MapInfoApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/info", Info).AddEndpointFilter<ApiErrorFilter>().RequireAuthorization(Permissions.View).WithTags("Info");

    public static string Version => typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static IResult Info(HttpContext context, IHealthMonitor health, VideoStreamer streamer)
    {
        var requested = ApiQuery.Text(context, "fields", 256);
        ApiQuery.Bool(context, "legacy", true);
        var fields = requested is null
            ? Fields
            : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).Distinct().ToArray();
        if (fields.Any(f => !Fields.Contains(f)))
        {
            return ApiEnvelope.Error(400, "ValidatorError", $"fields must be a comma list of {string.Join(", ", Fields)}");
        }

        var sample = health.Latest;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            result[field] = field switch
            {
                "system" => new
                {
                    kvmd = new { version = Version },
                    kvmportal = new { version = Version },
                    streamer = new { app = "kvmportal", version = Version, features = new { quality = true, resolution = true, h264 = streamer.GetState().H264 is { Available: true } }, source = streamer.GetState().Source },
                    kernel = new
                    {
                        system = "Linux",
                        release = Environment.OSVersion.Version.ToString(),
                        version = RuntimeInformation.OSDescription,
                        machine = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
                    },
                    platform = Pikvm.PikvmPlatform.Get(),
                },
                "auth" => new { enabled = true },
                "meta" => new { server = new { host = Environment.MachineName } },
                "extras" => new { },
                "health" => sample is null ? null : new
                {
                    temp = new { cpu = sample.CpuTemperatureC },
                    cpu = new { percent = sample.CpuUsagePercent },
                    mem = new { percent = sample.MemoryUsedPercent, total = sample.MemoryTotalBytes, available = sample.MemoryAvailableBytes },
                    disk = new { percent = sample.DiskUsedPercent, total = sample.DiskTotalBytes, available = sample.DiskAvailableBytes },
                    throttling = sample.Throttling is { } t ? new
                    {
                        raw_flags = t.Raw,
                        parsed_flags = new
                        {
                            undervoltage = new { now = t.UndervoltageNow, past = t.UndervoltageOccurred },
                            freq_capped = new { now = t.FrequencyCappedNow, past = t.FrequencyCappedOccurred },
                            throttled = new { now = t.ThrottledNow, past = t.ThrottledOccurred },
                        },
                        ignore_past = false,
                    } : null,
                },
                "uptime" => sample?.Uptime is { } up ? new
                {
                    total = (long)up.TotalSeconds,
                    parts = new { days = up.Days, hours = up.Hours, minutes = up.Minutes, seconds = up.Seconds },
                } : null,
                "node" => new { host = Environment.MachineName },
                "fan" => new { monitored = false, state = (object?)null }, // kvmd without kvmd-fan: KvmPortal does not drive a fan
                _ => null,
            };
        }

        return ApiEnvelope.Ok(result);
    }
}
