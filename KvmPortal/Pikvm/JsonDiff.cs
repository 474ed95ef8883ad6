using System.Text.Json.Nodes;

namespace KvmPortal.Pikvm;

/// <summary>
/// PiKVM-style partial state: the keys of <c>next</c> whose values differ from <c>previous</c>, recursing into objects.
/// An object that lost keys (a deleted image, say) is sent whole, so a client merging diffs never keeps stale entries.
/// </summary>
public static class JsonDiff
{
    /// <summary>Returns the changed part of <paramref name="next"/>, or null when nothing changed.</summary>
    public static JsonObject? Diff(JsonObject? previous, JsonObject next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (previous is null)
        {
            return (JsonObject)next.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in next)
        {
            var old = previous[key];
            if (value is JsonObject nextObject && old is JsonObject oldObject && nextObject.Count > 0 &&
                oldObject.All(o => nextObject.ContainsKey(o.Key)))
            {
                if (Diff(oldObject, nextObject) is { } inner)
                {
                    result[key] = inner;
                }
            }
            else if (!JsonNode.DeepEquals(old, value) || !previous.ContainsKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result.Count > 0 ? result : null;
    }
}
