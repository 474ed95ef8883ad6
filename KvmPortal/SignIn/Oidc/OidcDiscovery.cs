using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace KvmPortal.SignIn.Oidc;

/// <summary>
/// The settings page's check of an OpenID Connect issuer: fetches <c>{issuer}/.well-known/openid-configuration</c> (no redirects, a
/// short timeout), checks that the document names the same issuer and the endpoints the code flow needs, and reports certificate
/// problems in words (untrusted CA, name mismatch, expired) instead of a bare "SSL error".
/// </summary>
public sealed class OidcDiscovery(TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly string[] RequiredEndpoints = ["authorization_endpoint", "token_endpoint", "jwks_uri"];

    public async Task<OidcDiscoveryResult> CheckAsync(string issuer, bool allowHttp, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(issuer?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && !(uri.Scheme == "http" && allowHttp)))
        {
            return OidcDiscoveryResult.Fail("The issuer must be an https URL (plain http only with \"Allow plain HTTP\", for a lab).");
        }

        string? certificateProblem = null;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = Timeout,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    certificateProblem = errors == SslPolicyErrors.None ? null : Describe(certificate, chain, errors);
                    return errors == SslPolicyErrors.None;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        var document = new Uri(uri.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await client.GetAsync(document, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return OidcDiscoveryResult.Fail($"{document} answered HTTP {(int)response.StatusCode}: is the issuer URL right (Keycloak: …/realms/NAME, Authentik: …/application/o/SLUG/)?");
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(linked.Token), default, linked.Token);
            return Read(json.RootElement, uri);
        }
        catch (HttpRequestException) when (certificateProblem is not null)
        {
            return OidcDiscoveryResult.Fail($"Certificate error: {certificateProblem}.");
        }
        catch (HttpRequestException e)
        {
            return OidcDiscoveryResult.Fail($"{uri.Authority} cannot be reached: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OidcDiscoveryResult.Fail($"{uri.Authority} did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (JsonException)
        {
            return OidcDiscoveryResult.Fail($"{document} is not a JSON discovery document.");
        }
    }

    private static OidcDiscoveryResult Read(JsonElement root, Uri issuer)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return OidcDiscoveryResult.Fail("The discovery document is not a JSON object.");
        }

        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool Flag(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        var named = Text("issuer");
        if (!string.Equals(named?.TrimEnd('/'), issuer.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal))
        {
            return OidcDiscoveryResult.Fail($"The document names issuer '{named}', not '{issuer.AbsoluteUri.TrimEnd('/')}': use exactly the provider's issuer URL.");
        }

        var missing = RequiredEndpoints.Where(n => Text(n) is null).ToList();
        if (missing.Count > 0)
        {
            return OidcDiscoveryResult.Fail($"The discovery document lacks {string.Join(", ", missing)}.");
        }

        var logout = new List<string>();
        if (Text("end_session_endpoint") is not null)
        {
            logout.Add("RP-initiated");
        }

        if (Flag("frontchannel_logout_supported"))
        {
            logout.Add("front-channel");
        }

        if (Flag("backchannel_logout_supported"))
        {
            logout.Add("back-channel");
        }

        return new OidcDiscoveryResult(true, $"Discovery document read: issuer {named}; logout: {(logout.Count == 0 ? "none offered" : string.Join(", ", logout))}.");
    }

    private static string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            parts.Add("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            parts.Add($"the certificate is for '{(certificate as X509Certificate2)?.GetNameInfo(X509NameType.DnsName, false)}', not this host name");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status switch
            {
                X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "issued by a CA this KVM does not trust (add it to the system's CAs)",
                X509ChainStatusFlags.NotTimeValid => "expired or not yet valid",
                X509ChainStatusFlags.Revoked => "revoked",
                _ => s.StatusInformation.Trim(),
            }).Distinct().ToList() ?? [];
            parts.Add(statuses.Count == 0 ? "the certificate chain is not trusted" : string.Join("; ", statuses));
        }

        return string.Join("; ", parts);
    }
}
