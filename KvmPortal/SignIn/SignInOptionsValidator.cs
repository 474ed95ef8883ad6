using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn;

/// <summary>Validates the <c>KvmPortal:SignIn</c> section at start and before the settings page saves it: a bad value names its key.</summary>
public sealed partial class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    private const string Prefix = SignInOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IReadOnlyList<string> Errors(SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (id, provider) in options.Oidc.Providers)
        {
            ValidateProvider(id, provider, errors);
        }

        ValidateLdap(options.Ldap, errors);
        foreach (var origin in options.Passkeys.Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.AbsolutePath != "/")
            {
                errors.Add($"{Prefix}:Passkeys:Origins: '{origin}' is not an origin (scheme://host[:port]).");
            }
        }

        return errors;
    }

    private static void ValidateProvider(string id, Oidc.OidcProviderOptions p, List<string> errors)
    {
        var key = $"{Prefix}:Oidc:Providers:{id}";
        if (!ProviderId().IsMatch(id))
        {
            errors.Add($"{key}: the provider id must be 1-32 lower-case letters, digits or '-' (it is part of the callback URL).");
        }

        if (!p.Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(p.Issuer, UriKind.Absolute, out var issuer) || (issuer.Scheme != "https" && !(issuer.Scheme == "http" && p.AllowHttp)))
        {
            errors.Add($"{key}:Issuer must be an https URL (plain http only with AllowHttp=true, for a lab).");
        }

        if (string.IsNullOrWhiteSpace(p.ClientId))
        {
            errors.Add($"{key}:ClientId is required.");
        }

        if (!p.EffectiveScopes.Contains("openid", StringComparer.Ordinal))
        {
            errors.Add($"{key}:Scopes must include 'openid'.");
        }

        if (string.IsNullOrWhiteSpace(p.RoleClaim))
        {
            errors.Add($"{key}:RoleClaim is required (the claim carrying groups or roles).");
        }

        if (p.Roles.IsEmpty)
        {
            errors.Add($"{key}:Roles maps no group to a role: nobody could sign in (there is no default role).");
        }
    }

    private static void ValidateLdap(Ldap.LdapOptions l, List<string> errors)
    {
        if (!l.Enabled)
        {
            return;
        }

        var key = $"{Prefix}:Ldap";
        if (string.IsNullOrWhiteSpace(l.Host) || Uri.CheckHostName(l.Host) == UriHostNameType.Unknown)
        {
            errors.Add($"{key}:Host must be a host name or address.");
        }

        if (l.Port is < 0 or > 65535)
        {
            errors.Add($"{key}:Port must be a TCP port (0: the transport's default).");
        }

        if (l.Transport == Ldap.LdapTransport.Plain && !l.AllowPlain)
        {
            errors.Add($"{key}:Transport is Plain (passwords in clear): set AllowPlain=true to accept that, or use Ldaps or StartTls.");
        }

        if (string.IsNullOrWhiteSpace(l.UserSearchBase))
        {
            errors.Add($"{key}:UserSearchBase is required.");
        }

        if (!l.UserFilter.Contains("{0}", StringComparison.Ordinal) || !l.UserFilter.StartsWith('(') || !l.UserFilter.EndsWith(')'))
        {
            errors.Add($"{key}:UserFilter must be a parenthesised LDAP filter containing {{0}} (the user name).");
        }

        if (l.Timeout < TimeSpan.FromMilliseconds(100) || l.Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{key}:Timeout must be between 0.1 s and 60 s.");
        }

        if (l.CaCertificatesDirectory.Length > 0 && !Directory.Exists(l.CaCertificatesDirectory))
        {
            errors.Add($"{key}:CaCertificatesDirectory '{l.CaCertificatesDirectory}' does not exist.");
        }

        if (l.Roles.IsEmpty)
        {
            errors.Add($"{key}:Roles maps no group to a role: nobody could sign in (there is no default role).");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex ProviderId();
}
