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

        switch (raw.Count == 1 ? raw[0]?.Trim().ToUpperInvariant() : null)
        {
            case "1" or "TRUE" or "YES" or "ON":
                value = true;
                return true;
            case "0" or "FALSE" or "NO" or "OFF":
                value = false;
                return true;
            default:
                return false;
        }
    }
}
