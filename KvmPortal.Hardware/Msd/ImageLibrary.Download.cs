using System.Net.Http.Headers;

namespace KvmPortal.Hardware.Msd;

/// <content>Downloads from an http or https URL into the library.</content>
public sealed partial class ImageLibrary
{
    /// <summary>
    /// Downloads <paramref name="url"/> into the library, streaming it through the same partial-file path as uploads.
    /// Any failure or cancel removes the partial file. <see cref="CancelTransfer"/> cancels it from elsewhere.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="name">The image name; null takes it from Content-Disposition or the URL's last path segment.</param>
    /// <param name="progress">Receives a snapshot after every chunk.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<UploadResult> DownloadFromUrlAsync(
        Uri url,
        string? name = null,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new MsdException(MsdErrorCode.InvalidRequest, $"only http and https URLs can be downloaded, not \"{url}\"");
        }

        if (name is not null)
        {
            ImageName.Validate(name);
            if (Exists(name))
            {
                throw new MsdException(MsdErrorCode.AlreadyExists, $"an image named \"{name}\" already exists; delete it first");
            }
        }

        HttpResponseMessage response;
        using (var headersTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.DownloadConnectTimeoutSeconds), _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, headersTimeout.Token))
        {
            try
            {
                response = await HttpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (OperationCanceledException) when (headersTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MsdException(MsdErrorCode.RemoteFailed, $"{url.Host} did not answer within {_options.DownloadConnectTimeoutSeconds} s");
            }
            catch (HttpRequestException ex)
            {
                throw new MsdException(MsdErrorCode.RemoteFailed, $"cannot download {url}: {ex.Message}", null, ex);
            }
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new MsdException(MsdErrorCode.RemoteFailed, $"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            name ??= NameFromResponse(url, response.Content.Headers.ContentDisposition);
            var total = response.Content.Headers.ContentLength;
            using var transfer = Register(name, TransferKind.UrlDownload, total);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await RunTransferAsync(transfer, 0, total, null, keepPartialOnInterrupt: false, body, progress, cancellationToken);
        }
    }

    private HttpClient HttpClient
    {
        get
        {
            if (_suppliedHttpClient is not null)
            {
                return _suppliedHttpClient;
            }

            lock (_gate)
            {
                return _ownHttpClient ??= new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    Timeout = Timeout.InfiniteTimeSpan,
                };
            }
        }
    }

    private static string NameFromResponse(Uri url, ContentDispositionHeaderValue? disposition)
    {
        var candidate = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"');
        if (string.IsNullOrWhiteSpace(candidate))
        {
            candidate = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? string.Empty).TrimEnd('/');
        }

        candidate = Path.GetFileName(candidate);
        return ImageName.Check(candidate) is { } reason
            ? throw new MsdException(MsdErrorCode.InvalidName, $"cannot take an image name from {url} ({reason}); give one explicitly")
            : candidate;
    }
}
