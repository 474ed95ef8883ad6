using KvmPortal.Hardware.Msd;

namespace KvmPortal.Security.Outbound;

/// <summary>
/// URL downloads for the web doors (msd/write_remote, Redfish InsertMedia): any refused or failed fetch becomes one generic 400, so
/// the answer says nothing about internal hosts or ports; the detail goes to the log only.
/// </summary>
public static partial class GuardedDownload
{
    /// <summary>The one message for every refused or failed fetch.</summary>
    public const string GenericError = "the URL could not be downloaded";

    public static async Task<UploadResult> DownloadAsync(
        ImageLibrary library, Uri url, string? name, IProgress<TransferProgress>? progress, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            return await library.DownloadFromUrlAsync(url, name, progress, cancellationToken);
        }
        catch (MsdException ex) when (ex.Code is MsdErrorCode.RemoteFailed or MsdErrorCode.InvalidRequest)
        {
            LogRefused(logger, url.GetLeftPart(UriPartial.Path), ex.InnerException?.Message ?? ex.Message);
            throw new MsdException(MsdErrorCode.InvalidRequest, GenericError);
        }
        catch (HttpRequestException ex)
        {
            LogRefused(logger, url.GetLeftPart(UriPartial.Path), ex.Message);
            throw new MsdException(MsdErrorCode.InvalidRequest, GenericError);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "URL download of {Url} refused or failed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string url, string reason);
}
