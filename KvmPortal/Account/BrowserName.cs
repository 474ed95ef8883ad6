namespace KvmPortal.Account;

/// <summary>A short, readable name for a User-Agent header ("Chrome on Linux"), for the session list.</summary>
public static class BrowserName
{
    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "unknown client";
        }

        var browser = Pick(userAgent, ("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"), ("curl/", "curl"));
        var system = Pick(userAgent, ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS", "macOS"), ("Linux", "Linux"));
        return (browser, system) switch
        {
            (null, null) => userAgent.Length > 40 ? userAgent[..40] + "…" : userAgent,
            (null, _) => system!,
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }

    private static string? Pick(string text, params (string Marker, string Name)[] candidates) =>
        candidates.FirstOrDefault(c => text.Contains(c.Marker, StringComparison.Ordinal)).Name;
}
