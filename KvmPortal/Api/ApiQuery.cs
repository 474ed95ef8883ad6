using System.Globalization;

namespace KvmPortal.Api;

/// <summary>Strict query-parameter parsing in PiKVM's style: a present but malformed value is an error, never silently ignored.</summary>
public static class ApiQuery
{
    public static bool TryInt(IQueryCollection query, string name, int fallback, int min, int max, out int value)
    {
        ArgumentNullException.ThrowIfNull(query);
        value = fallback;
        if (!query.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return true;
        }

        return raw.Count == 1 && int.TryParse(raw[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    /// <summary>PiKVM's booleans: 1/0, true/false, yes/no, on/off.</summary>
    public static bool TryBool(IQueryCollection query, string name, bool fallback, out bool value)
    {
        ArgumentNullException.ThrowIfNull(query);
        value = fallback;
        if (!query.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return true;
        }

        return raw.Count == 1 && TryParseBool(raw[0], out value);
    }

    /// <summary>Parses one of PiKVM's boolean spellings.</summary>
    public static bool TryParseBool(string? text, out bool value)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "1" or "TRUE" or "YES" or "ON":
                value = true;
                return true;
            case "0" or "FALSE" or "NO" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>An integer parameter, or <see cref="ApiValidationException"/> naming it.</summary>
    public static int Number(HttpContext context, string name, int fallback, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryInt(context.Request.Query, name, fallback, min, max, out var value)
            ? value
            : throw new ApiValidationException($"Invalid value for '{name}': an integer in {min}..{max} is required");
    }

    /// <summary>A required integer parameter.</summary>
    public static int RequiredNumber(HttpContext context, string name, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Query.ContainsKey(name))
        {
            throw new ApiValidationException($"Missing parameter '{name}'");
        }

        return Number(context, name, 0, min, max);
    }

    /// <summary>A boolean parameter, or <see cref="ApiValidationException"/> naming it.</summary>
    public static bool Bool(HttpContext context, string name, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryBool(context.Request.Query, name, fallback, out var value)
            ? value
            : throw new ApiValidationException($"Invalid value for '{name}': a boolean (1/0, true/false, yes/no) is required");
    }

    /// <summary>An optional boolean: null when absent.</summary>
    public static bool? OptionalBool(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Query.ContainsKey(name) ? Bool(context, name, false) : null;
    }

    /// <summary>A string parameter (single value, at most <paramref name="maxLength"/> characters); null when absent.</summary>
    public static string? Text(HttpContext context, string name, int maxLength = 1024)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Query.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return null;
        }

        if (raw.Count != 1 || raw[0] is null || raw[0]!.Length > maxLength)
        {
            throw new ApiValidationException($"Invalid value for '{name}'");
        }

        return raw[0];
    }

    /// <summary>A required string parameter.</summary>
    public static string RequiredText(HttpContext context, string name, int maxLength = 1024) =>
        Text(context, name, maxLength) ?? throw new ApiValidationException($"Missing parameter '{name}'");

    /// <summary>A required parameter that must be one of <paramref name="allowed"/> (case-insensitive); returns the canonical spelling.</summary>
    public static string Choice(HttpContext context, string name, IReadOnlyList<string> allowed, string? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var value = Text(context, name, 64);
        if (value is null)
        {
            return fallback ?? throw new ApiValidationException($"Missing parameter '{name}'; one of {string.Join(", ", allowed)}");
        }

        return allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ApiValidationException($"Invalid value for '{name}': one of {string.Join(", ", allowed)} is required");
    }
}
