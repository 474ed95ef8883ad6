namespace KvmPortal.Auth;

/// <summary>
/// <c>/api/auth/login</c>'s <c>redirect</c>: only a same-site relative path is followed (never a scheme, a host, <c>//</c> or a
/// backslash, so no open redirect). kvmd's <c>/kvm</c> page is KvmPortal's console at <c>/</c>.
/// </summary>
public static class PikvmRedirect
{
    public static bool IsSameSiteRelative(string? path) =>
        path is { Length: > 0 and <= 512 } && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) &&
        !path.Contains('\\', StringComparison.Ordinal) && !path.Any(char.IsControl) && !path.Contains("://", StringComparison.Ordinal);

    /// <summary>Where to send the browser for an accepted <paramref name="redirect"/>.</summary>
    public static string Target(string? redirect) => redirect switch
    {
        null or "" or "/" or "/kvm" or "/kvm/" => "/",
        _ when IsSameSiteRelative(redirect) => redirect,
        _ => "/",
    };
}
