using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>
/// Decides whether a browser request comes from KvmPortal's own origin (or a configured extra one). Requests without Origin and
/// Sec-Fetch-Site come from non-browser clients, which cannot be driven by another site, and pass.
/// </summary>
public sealed class SameOriginPolicy
{
    private readonly HashSet<string> _extra;

    public SameOriginPolicy(IOptions<HardeningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _extra = new HashSet<string>(options.Value.AllowedOrigins.Select(NormalizeOrigin).OfType<string>(), StringComparer.Ordinal);
    }

    /// <summary>Lower-cased scheme://host[:port] without default port; null when it is not a plain http(s) origin.</summary>
    public static string? NormalizeOrigin(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}".ToLowerInvariant() : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant();
    }

    /// <summary>True when the request is same-origin, from an allowed origin, or not from a browser at all.</summary>
    public bool IsAllowed(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        if (fetchSite.Length == 0 && origin.Length == 0)
        {
            return true;
        }

        if (origin.Length > 0)
        {
            var normalized = NormalizeOrigin(origin);
            if (normalized is null)
            {
                return false;
            }

            if (_extra.Contains(normalized))
            {
                return true;
            }

            var own = NormalizeOrigin($"{request.Scheme}://{request.Host.Value}");
            return normalized == own && fetchSite is "" or "same-origin";
        }

        return fetchSite is "same-origin" or "none";
    }
}
