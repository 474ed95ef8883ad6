namespace KvmPortal.Auth;

/// <summary>Keeps post-login redirects on this site (no open redirect through returnUrl).</summary>
public static class LocalUrl
{
    public static string Sanitize(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";
}
