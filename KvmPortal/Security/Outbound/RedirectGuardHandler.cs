using System.Net;

namespace KvmPortal.Security.Outbound;

/// <summary>
/// Follows redirects itself (the inner handler never does), so every hop is a new request whose connection passes the address check,
/// and a redirect to anything but http or https, or one too many, is refused.
/// </summary>
public sealed class RedirectGuardHandler(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = request;
        for (var hop = 0; ; hop++)
        {
            CheckScheme(current.RequestUri);
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode))
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null || hop >= maxRedirects)
            {
                throw new OutboundFetchRefusedException("redirect without a location, or too many redirects");
            }

            var next = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            CheckScheme(next);
            current = new HttpRequestMessage(HttpMethod.Get, next) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        }
    }

    private static void CheckScheme(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0)
        {
            throw new OutboundFetchRefusedException("only http and https targets without user info are fetched");
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
            or HttpStatusCode.MultipleChoices;
}
