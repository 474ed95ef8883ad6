namespace KvmPortal.Hardware.Msd;

/// <summary>Where an image transfer's bytes come from.</summary>
public enum TransferKind
{
    /// <summary>A stream handed to <see cref="ImageLibrary.UploadAsync"/> (for example an HTTP request body).</summary>
    Upload,

    /// <summary>An http or https URL fetched by <see cref="ImageLibrary.DownloadFromUrlAsync"/>.</summary>
    UrlDownload,
}
