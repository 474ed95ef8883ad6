namespace KvmPortal.Video.Ocr;

/// <summary>What reading the screen gave: the recognized text, or a plain message saying why there is none.</summary>
public sealed record ScreenTextResult(string? Text, string? Message)
{
    public static ScreenTextResult Of(string text) => new(text, null);

    public static ScreenTextResult Failed(string message) => new(null, message);
}
