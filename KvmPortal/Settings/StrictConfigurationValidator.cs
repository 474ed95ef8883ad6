using System.Collections;
using System.Reflection;

namespace KvmPortal.Settings;

/// <summary>
/// Finds configuration keys inside KvmPortal's own sections that no options property binds. A misspelt key silently ignored is how a
/// KVM ends up with the wrong pins, so an unknown key stops the start with a message that names it.
/// </summary>
public static class StrictConfigurationValidator
{
    public static IReadOnlyList<string> FindUnknownKeys(IConfiguration section, Type optionsType, string path)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var unknown = new List<string>();
        Walk(section, optionsType, path, unknown);
        return unknown;
    }

    public static string Describe(IReadOnlyList<string> unknownKeys, Type optionsType, string path)
    {
        ArgumentNullException.ThrowIfNull(unknownKeys);
        var lines = unknownKeys.Select(k =>
        {
            var hint = Suggest(k, optionsType, path);
            return hint is null ? $"Unknown configuration key '{k}'." : $"Unknown configuration key '{k}' (did you mean '{hint}'?).";
        });
        return string.Join(Environment.NewLine, lines);
    }

    private static void Walk(IConfiguration section, Type type, string path, List<string> unknown)
    {
        if (IsLeaf(type))
        {
            return;
        }

        if (GetDictionaryValueType(type) is { } dictValue)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, dictValue, $"{path}:{child.Key}", unknown);
            }

            return;
        }

        if (GetEnumerableElementType(type) is { } element)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, element, $"{path}:{child.Key}", unknown);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}:{child.Key}";
            if (properties.TryGetValue(child.Key, out var property))
            {
                Walk(child, property.PropertyType, childPath, unknown);
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

    private static string? Suggest(string key, Type type, string root)
    {
        var relative = key[(root.Length + 1)..].Split(':');
        var current = type;
        var prefix = root;
        for (var i = 0; i < relative.Length; i++)
        {
            var props = current.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            var exact = props.FirstOrDefault(p => string.Equals(p.Name, relative[i], StringComparison.OrdinalIgnoreCase));
            if (exact is not null && i < relative.Length - 1)
            {
                current = exact.PropertyType;
                prefix = $"{prefix}:{exact.Name}";
                continue;
            }

            var best = props.Select(p => (p.Name, Distance: Levenshtein(p.Name.ToUpperInvariant(), relative[i].ToUpperInvariant())))
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
