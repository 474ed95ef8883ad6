using KvmPortal.Hardware.Msd;

namespace KvmPortal.Msd;

/// <summary>The media panel's words: sizes, the drive state, and errors as sentences that say what to do (never raw JSON).</summary>
public static partial class MediaText
{
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0} KiB",
        _ => $"{bytes} bytes",
    };

    public static bool TooSmallForCd(ImageInfo image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Size < OpticalDisc.MinimumCdRomBytes;
    }

    public static string UploadError(int status, string? body) => Api.ApiErrorText.Describe(status, body) switch
    {
        var s when s.Contains("already exists", StringComparison.Ordinal) => s + " (or rename the file and upload it again).",
        var s when status == 507 && SpaceFigures().Match(s) is { Success: true } m =>
            $"it needs {Size(long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))} but only " +
            $"{Size(long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))} is free for images: delete an image you no longer need, then upload it again.",
        var s => s,
    };

    /// <summary>What went wrong with the drive or the store, and what to do about it.</summary>
    public static string Error(MsdException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Code switch
        {
            MsdErrorCode.ImageInUse => "That image is attached: detach it first.",
            MsdErrorCode.TransferInProgress => "That image is still being written: wait for the transfer to end or cancel it.",
            MsdErrorCode.InsufficientSpace or MsdErrorCode.DiskFull => "The disk holding the images is full: delete an image and try again.",
            MsdErrorCode.AlreadyExists => "An image of that name exists: delete it first or choose another name.",
            MsdErrorCode.MediumLocked => "The host has locked the drive (it is using it): eject it on the host first, then try again.",
            _ => Sentence(exception.Message),
        };
    }

    private static string Sentence(string message) => message.Length == 0 ? "The virtual-media operation failed." : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");

    [System.Text.RegularExpressions.GeneratedRegex(@"(\d+) bytes needed, (\d+) available")]
    private static partial System.Text.RegularExpressions.Regex SpaceFigures();
}
