namespace KvmPortal.Video.Ocr;

/// <summary>OCR log messages (event ids 13100-13109). Never logs the recognized text.</summary>
internal static partial class OcrLog
{
    [LoggerMessage(EventId = 13100, Level = LogLevel.Information, Message = "OCR of a {Width}x{Height} region took {Milliseconds:0} ms")]
    public static partial void Recognized(ILogger logger, int width, int height, double milliseconds);

    [LoggerMessage(EventId = 13101, Level = LogLevel.Warning, Message = "OCR failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
