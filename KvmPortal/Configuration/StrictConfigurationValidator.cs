using System.Collections;
using System.Reflection;

namespace KvmPortal.Configuration;

/// <summary>Walks a configuration section along a <see cref="ConfigurationSchema"/>: the keys no options property or known section binds.</summary>
internal static class StrictConfigurationValidator
{
    public static IReadOnlyList<string> FindUnknownKeys(IConfiguration section, SchemaNode schema, string path)
    {
        var unknown = new List<string>();
        Walk(section, schema.Type, schema, path, unknown);
        return unknown;
    }

    public static string Describe(IReadOnlyList<string> unknownKeys, SchemaNode schema, string path)
    {
        ArgumentNullException.ThrowIfNull(unknownKeys);
        var lines = unknownKeys.Select(k =>
        {
            var hint = Suggest(k, schema, path);
            return hint is null ? $"Unknown configuration key '{k}'." : $"Unknown configuration key '{k}' (did you mean '{hint}'?).";
        });
        return string.Join(Environment.NewLine, lines);
    }

    private static void Walk(IConfiguration section, Type type, SchemaNode? node, string path, List<string> unknown)
    {
        if (IsLeaf(type))
        {
            return;
        }

        if (GetDictionaryValueType(type) is { } dictValue)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, dictValue, null, $"{path}:{child.Key}", unknown);
            }

            return;
        }

        if (GetEnumerableElementType(type) is { } element)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, element, null, $"{path}:{child.Key}", unknown);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}:{child.Key}";
            if (node is not null && node.Sections.TryGetValue(child.Key, out var known))
            {
                Walk(child, known.Node.Type, known.Node, childPath, unknown);
            }
            else if (properties.TryGetValue(child.Key, out var property))
            {
                Walk(child, property.PropertyType, null, childPath, unknown);
            }
            else
            {
                unknown.Add(childPath);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) ||
               t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);
    }

    private static Type? GetDictionaryValueType(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ? type.GetGenericArguments()[^1]
            : null;

    private static Type? GetEnumerableElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>The known keys at each level: the options type's properties, then the registered sections.</summary>
    private static List<(string Name, Type Type, SchemaNode? Node)> Candidates(Type type, SchemaNode? node)
    {
        var result = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => node is null || !node.Sections.ContainsKey(p.Name))
            .Select(p => (p.Name, p.PropertyType, (SchemaNode?)null))
            .ToList();
        if (node is not null)
        {
            result.AddRange(node.Sections.Values.Select(s => (s.Name, s.Node.Type, (SchemaNode?)s.Node)));
        }

        return result;
    }

    private static string? Suggest(string key, SchemaNode schema, string root)
    {
        var relative = key[(root.Length + 1)..].Split(':');
        var current = schema.Type;
        SchemaNode? node = schema;
        var prefix = root;
        for (var i = 0; i < relative.Length; i++)
        {
            var candidates = Candidates(current, node);
            var exact = candidates.FirstOrDefault(c => string.Equals(c.Name, relative[i], StringComparison.OrdinalIgnoreCase));
            if (exact.Name is not null && i < relative.Length - 1)
            {
                current = exact.Type;
                node = exact.Node;
                prefix = $"{prefix}:{exact.Name}";
                continue;
            }

            var best = candidates.Select(c => (c.Name, Distance: Levenshtein(c.Name.ToUpperInvariant(), relative[i].ToUpperInvariant())))
                .OrderBy(x => x.Distance).FirstOrDefault();
            return best.Name is not null && best.Distance <= 3 ? $"{prefix}:{best.Name}" : null;
        }

        return null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
