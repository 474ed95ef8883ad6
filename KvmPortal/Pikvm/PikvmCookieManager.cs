using Microsoft.AspNetCore.Authentication.Cookies;

namespace KvmPortal.Pikvm;

/// <summary>
/// The sign-in cookie under KvmPortal's name and, for PiKVM scripts that read or set kvmd's cookie themselves, also as <c>auth_token</c>:
/// both are written and deleted together, and a request carrying only <c>auth_token</c> is read through it. The value is the same
/// protected ticket, so it is validated (security stamp, revocation) exactly like KvmPortal's own cookie.
/// </summary>
public sealed class PikvmCookieManager : ICookieManager
{
    /// <summary>kvmd's cookie name.</summary>
    public const string KvmdName = "auth_token";

    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) =>
        _inner.GetRequestCookie(context, key) ?? _inner.GetRequestCookie(context, KvmdName);

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
    {
        _inner.AppendResponseCookie(context, key, value, options);
        _inner.AppendResponseCookie(context, KvmdName, value, options);
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions options)
    {
        _inner.DeleteCookie(context, key, options);
        _inner.DeleteCookie(context, KvmdName, options);
    }
}
