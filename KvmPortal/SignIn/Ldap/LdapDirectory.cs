using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Ldap;

/// <summary>
/// Checks a user name and password against LDAP / Active Directory: LDAPS or StartTLS (plain only when explicitly allowed), a service
/// bind (or anonymous) to find exactly one entry under the search base, then a bind as that entry with the typed password, then the
/// user's groups (the entry's group attribute, else a group search). Every network step has the configured timeout. Never logs passwords.
/// </summary>
public sealed partial class LdapDirectory(IOptionsMonitor<SignInOptions> configured, ILogger<LdapDirectory> logger)
{
    private const int InvalidCredentials = 49;
    private const int ConfidentialityRequired = 13;
    private const int ServerDown = 81;
    private const int ConnectError = 91;

    public Task<LdapAnswer> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken) =>
        Task.Run(() => Authenticate(configured.CurrentValue.Ldap, userName, password), cancellationToken);

    /// <summary>The settings page's "Test connection": connect, protect, service bind and search the base; no user password involved.</summary>
    public Task<LdapAnswer> TestAsync(LdapOptions options, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            try
            {
                using var connection = Connect(options);
                var found = connection.SendRequest(new SearchRequest(options.UserSearchBase, "(objectClass=*)", SearchScope.Base, "1.1"), options.Timeout);
                return new LdapAnswer(LdapOutcome.Authenticated, Detail: $"connected ({options.Transport}), search base found ({((SearchResponse)found).Entries.Count} entry)");
            }
            catch (Exception e) when (e is LdapException or DirectoryOperationException or PlatformNotSupportedException)
            {
                return Failure(e);
            }
        }, cancellationToken);

    private LdapAnswer Authenticate(LdapOptions options, string userName, string password)
    {
        if (!options.Enabled)
        {
            return new LdapAnswer(LdapOutcome.Misconfigured, Detail: "LDAP is off");
        }

        if (string.IsNullOrEmpty(password) || string.IsNullOrWhiteSpace(userName) || userName.Length > 256)
        {
            return new LdapAnswer(LdapOutcome.InvalidCredentials, Detail: "empty user name or password"); // an empty password would be an anonymous bind
        }

        try
        {
            using var connection = Connect(options);
            var filter = string.Format(System.Globalization.CultureInfo.InvariantCulture, options.UserFilter, EscapeFilter(userName.Trim()));
            var search = new SearchRequest(options.UserSearchBase, filter, SearchScope.Subtree, "mail", "uid", "sAMAccountName", options.GroupAttribute) { SizeLimit = 2 };
            var entries = ((SearchResponse)connection.SendRequest(search, options.Timeout)).Entries;
            if (entries.Count != 1)
            {
                return new LdapAnswer(LdapOutcome.InvalidCredentials, Detail: entries.Count == 0 ? "no such user" : "the filter matched several entries");
            }

            var entry = entries[0];
            try
            {
                connection.Bind(new NetworkCredential(entry.DistinguishedName, password));
            }
            catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
            {
                return new LdapAnswer(LdapOutcome.InvalidCredentials, entry.DistinguishedName, Detail: "wrong password");
            }

            var groups = Values(entry, options.GroupAttribute);
            if (groups.Count == 0 && options.GroupSearchBase.Length > 0)
            {
                Bind(connection, options); // search groups with the service account's rights, not the user's
                var groupFilter = string.Format(System.Globalization.CultureInfo.InvariantCulture, options.GroupFilter, EscapeFilter(entry.DistinguishedName));
                var found = ((SearchResponse)connection.SendRequest(new SearchRequest(options.GroupSearchBase, groupFilter, SearchScope.Subtree, "1.1"), options.Timeout)).Entries;
                groups = [.. found.Cast<SearchResultEntry>().Select(g => g.DistinguishedName)];
            }

            var name = Values(entry, "uid").FirstOrDefault() ?? Values(entry, "sAMAccountName").FirstOrDefault() ?? userName.Trim();
            return new LdapAnswer(LdapOutcome.Authenticated, entry.DistinguishedName, name, Values(entry, "mail").FirstOrDefault(), WithShortNames(groups));
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or PlatformNotSupportedException)
        {
            return Failure(e);
        }
    }

    private LdapAnswer Failure(Exception e)
    {
        var code = (e as LdapException)?.ErrorCode ?? (int?)(e as DirectoryOperationException)?.Response?.ResultCode;
        LogFailed(logger, code ?? 0, e.Message);
        return code switch
        {
            InvalidCredentials => new LdapAnswer(LdapOutcome.Misconfigured, Detail: "the service account's bind was refused"),
            ConfidentialityRequired => new LdapAnswer(LdapOutcome.Misconfigured, Detail: "the server requires TLS for binds (confidentiality required, code 13): use Ldaps or StartTls"),
            _ => new LdapAnswer(LdapOutcome.Unreachable, Detail: $"{e.Message} (code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"),
        };
    }

    private static LdapConnection Connect(LdapOptions options)
    {
        var port = options.Port != 0 ? options.Port : options.Transport == LdapTransport.Ldaps ? 636 : 389;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(options.Host, port, fullyQualifiedDnsHostName: false, connectionless: false))
        {
            AuthType = AuthType.Basic,
            Timeout = options.Timeout,
        };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = ReferralChasingOptions.None;
            if (options.CaCertificatesDirectory.Length > 0)
            {
                session.TrustedCertificatesDirectory = options.CaCertificatesDirectory;
            }

            if (options.Transport == LdapTransport.Ldaps)
            {
                session.SecureSocketLayer = true;
            }

            session.StartNewTlsSessionContext(); // apply the TLS settings above to this connection (Linux)
            if (options.Transport == LdapTransport.StartTls)
            {
                StartTls(connection);
            }

            Bind(connection, options);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// StartTLS before any credential crosses the wire. On Linux the connection only learns its server at its first operation (a StartTLS
    /// sent earlier goes nowhere: "server unavailable"), so an anonymous bind (no secret in it) opens it first; a server that refuses
    /// anonymous binds still has the connection open, and StartTLS then protects the service and user binds that follow.
    /// </summary>
    private static void StartTls(LdapConnection connection)
    {
        connection.AuthType = AuthType.Anonymous;
        try
        {
            connection.Bind();
        }
        catch (LdapException e) when (e.ErrorCode is not ServerDown and not ConnectError)
        {
            // Anonymous bind refused by policy: the connection is open all the same.
        }
        finally
        {
            connection.AuthType = AuthType.Basic;
        }

        connection.SessionOptions.StartTransportLayerSecurity(null);
    }

    private static void Bind(LdapConnection connection, LdapOptions options)
    {
        if (options.BindDn.Length > 0)
        {
            connection.Bind(new NetworkCredential(options.BindDn, options.BindPassword));
        }
        else
        {
            connection.AuthType = AuthType.Anonymous;
            connection.Bind();
            connection.AuthType = AuthType.Basic;
        }
    }

    private static List<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) ? [.. entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>()] : [];

    /// <summary>Group DNs plus their first RDN value, so the mapping may name "cn=kvm-admins,ou=groups,…" or just "kvm-admins".</summary>
    private static List<string> WithShortNames(List<string> groups)
    {
        var all = new List<string>(groups);
        foreach (var dn in groups)
        {
            var first = dn.Split(',')[0];
            var equals = first.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                all.Add(first[(equals + 1)..].Trim());
            }
        }

        return [.. all.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>RFC 4515 escaping of a value put into a search filter.</summary>
    public static string EscapeFilter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append("\\5c"),
                '*' => builder.Append("\\2a"),
                '(' => builder.Append("\\28"),
                ')' => builder.Append("\\29"),
                '\0' => builder.Append("\\00"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP request failed (code {Code}): {Error}")]
    private static partial void LogFailed(ILogger logger, int code, string error);
}
