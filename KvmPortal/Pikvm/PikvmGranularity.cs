using System.Text.Json.Nodes;

namespace KvmPortal.Pikvm;

/// <summary>
/// The granularity of kvmd's <c>/api/ws</c> partial updates, which PiKVM's web UI relies on because it replaces the objects it receives:
/// <c>hid</c>, <c>atx</c> and <c>clients</c> are always sent whole; <c>streamer</c> per changed top-level key (with <c>limits</c> whenever
/// <c>params</c> or <c>applied</c> is sent, whole when <c>features</c> changed); <c>msd</c> as <c>busy</c> and <c>drive</c> whole and
/// <c>storage.{images,parts,downloading,uploading}</c> whole (whole state when <c>enabled</c>/<c>online</c> changed). Anything else uses
/// <see cref="JsonDiff"/>.
/// </summary>
public static class PikvmGranularity
{
    private static readonly string[] MsdWhole = ["busy", "drive"];
    private static readonly string[] MsdStorage = ["images", "parts", "downloading", "uploading"];

    /// <summary>The event to send for <paramref name="subsystem"/> going from <paramref name="previous"/> to <paramref name="next"/>; null when nothing changed.</summary>
    public static JsonObject? Diff(string subsystem, JsonObject? previous, JsonObject next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (previous is null)
        {
            return (JsonObject)next.DeepClone();
        }

        if (JsonNode.DeepEquals(previous, next))
        {
            return null;
        }

        return subsystem switch
        {
            "hid" or "atx" or "clients" => (JsonObject)next.DeepClone(),
            "msd" => Msd(previous, next),
            "streamer" => Streamer(previous, next),
            _ => JsonDiff.Diff(previous, next),
        };
    }

    private static JsonObject? Msd(JsonObject previous, JsonObject next)
    {
        if (!Same(previous, next, "enabled") || !Same(previous, next, "online"))
        {
            return (JsonObject)next.DeepClone();
        }

        var diff = new JsonObject();
        foreach (var key in MsdWhole)
        {
            if (!Same(previous, next, key))
            {
                diff[key] = next[key]?.DeepClone();
            }
        }

        var before = previous["storage"] as JsonObject;
        var after = next["storage"] as JsonObject;
        foreach (var key in MsdStorage)
        {
            if (!JsonNode.DeepEquals(before?[key], after?[key]))
            {
                var storage = diff["storage"] as JsonObject ?? [];
                storage[key] = after?[key]?.DeepClone();
                diff["storage"] = storage;
            }
        }

        return diff.Count > 0 ? diff : null;
    }

    private static JsonObject? Streamer(JsonObject previous, JsonObject next)
    {
        if (!Same(previous, next, "features"))
        {
            return (JsonObject)next.DeepClone();
        }

        var diff = new JsonObject();
        foreach (var (key, value) in next)
        {
            if (key is not ("features" or "limits") && !Same(previous, next, key))
            {
                diff[key] = value?.DeepClone();
            }
        }

        if (diff.ContainsKey("params") || diff.ContainsKey("applied") || !Same(previous, next, "limits"))
        {
            diff["limits"] = next["limits"]?.DeepClone();
        }

        return diff.Count > 0 ? diff : null;
    }

    private static bool Same(JsonObject previous, JsonObject next, string key) =>
        previous.ContainsKey(key) == next.ContainsKey(key) && JsonNode.DeepEquals(previous[key], next[key]);
}
