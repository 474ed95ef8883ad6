using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Msd;

internal static partial class MsdLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Image {Name} stored: {Size} bytes, SHA-256 {Sha256}")]
    public static partial void ImageStored(ILogger logger, string name, long size, string sha256);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Transfer of {Name} failed after {Written} bytes: {Reason}")]
    public static partial void TransferFailed(ILogger logger, string name, long written, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Transfer of {Name} paused at {Written} bytes; the partial file is kept for a resume")]
    public static partial void TransferPaused(ILogger logger, string name, long written);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Image {Name} deleted")]
    public static partial void ImageDeleted(ILogger logger, string name);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Empty image {Name} created: {Size} bytes")]
    public static partial void EmptyImageCreated(ILogger logger, string name, long size);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Drive: {Image} attached as {Mode}, read-only {ReadOnly}")]
    public static partial void Attached(ILogger logger, string image, MsdMode mode, bool readOnly);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Drive: medium detached")]
    public static partial void Detached(ILogger logger);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Drive operation failed: {Reason}")]
    public static partial void DriveFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Drive: the LUN already holds {Image}; adopted as connected")]
    public static partial void Adopted(ILogger logger, string image);
}
