using System.Text.Json;
using System.Text.Json.Nodes;

namespace KvmPortal.Settings;

/// <summary>
/// The JSON override file (<c>KvmPortal:OverrideFile</c>): sets keys given as <c>A:B:C</c> paths (an index into an existing list of objects, <c>A:0:C</c>, sets that item's key), keeps every other key, and replaces the
/// file atomically (written to a temporary file next to it, then renamed over it), so a crash never leaves half a file.
/// </summary>
public static class OverrideFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads the file (an empty object when it does not exist).</summary>
    public static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = File.ReadAllText(path);
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new InvalidDataException($"{path} does not hold a JSON object.");
    }

    /// <summary>Sets <paramref name="values"/> (key path → value) in the file and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var root = Read(path);
        foreach (var (key, value) in values)
        {
            var parts = key.Split(':');
            var node = root;
            for (var depth = 0; depth < parts.Length - 1; depth++)
            {
                var part = parts[depth];
                var existing = node.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase));
                if (existing.Value is JsonObject child)
                {
                    node = child;
                }
                else if (existing.Value is JsonArray array && depth + 1 < parts.Length - 1 &&
                    int.TryParse(parts[depth + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) &&
                    index < array.Count && array[index] is JsonObject item)
                {
                    node = item; // a list item set by index (KvmPortal:Serial:Ports:0:BaudRate): the list and its other keys stay
                    depth++;
                }
                else
                {
                    child = [];
                    node[existing.Key ?? part] = child;
                    node = child;
                }
            }

            var leaf = node.FirstOrDefault(p => string.Equals(p.Key, parts[^1], StringComparison.OrdinalIgnoreCase)).Key ?? parts[^1];
            node[leaf] = value switch
            {
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
            };
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllText(temp, root.ToJsonString(Indented));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
