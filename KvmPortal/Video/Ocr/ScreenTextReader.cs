using KvmPortal.Hardware.Video;

namespace KvmPortal.Video.Ocr;

/// <summary>
/// The console's "copy text from screen": recognizes the text of the current frame with <see cref="TesseractOcr"/> (the same
/// service as PiKVM's <c>snapshot?ocr=1</c>, called in process). A read: Viewers may use it, nothing is audited, the text is never logged.
/// </summary>
public sealed class ScreenTextReader(VideoStreamer streamer, TesseractOcr ocr, ILogger<ScreenTextReader> logger)
{
    /// <summary>The message shown when tesseract or its languages are not installed.</summary>
    public const string NotInstalled = "Text recognition is not available on this KVM: install Debian's tesseract-ocr package.";

    /// <summary>Gets a value indicating whether tesseract and a language are installed.</summary>
    public bool Enabled => ocr.Enabled;

    /// <summary>Gets the languages to choose from (tesseract's "osd" is orientation detection, not a language, and is left out).</summary>
    public IReadOnlyList<string> Languages => [.. ocr.AvailableLangs().Where(lang => lang != "osd")];

    /// <summary>Gets the language used when none is chosen.</summary>
    public string DefaultLanguage => ocr.DefaultLangs.Count > 0 ? ocr.DefaultLangs[0] : "eng";

    /// <summary>Recognizes the whole current frame in <paramref name="language"/> (null: the default).</summary>
    public async Task<ScreenTextResult> ReadAsync(string? language, CancellationToken ct)
    {
        if (!ocr.Enabled)
        {
            return ScreenTextResult.Failed(NotInstalled);
        }

        if (language is not null && !Languages.Contains(language, StringComparer.Ordinal))
        {
            return ScreenTextResult.Failed($"The language '{language}' is not installed.");
        }

        JpegFrame frame;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                frame = await streamer.GetSnapshotAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ScreenTextResult.Failed("No picture arrived from the video source.");
            }
        }

        if (frame.IsPlaceholder)
        {
            return ScreenTextResult.Failed("There is no picture to read: the video source is offline.");
        }

        string? text;
        try
        {
            var langs = language is null ? (IReadOnlyList<string>)[] : [language];
            text = await ocr.TryRecognizeAsync(frame.Data, langs, new OcrRegion(0, 0, frame.Width, frame.Height), ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or IOException)
        {
            OcrLog.Failed(logger, exception);
            return ScreenTextResult.Failed("The text could not be recognized.");
        }

        if (text is null)
        {
            return ScreenTextResult.Failed("Another text recognition is running; try again in a moment.");
        }

        text = text.Trim();
        return text.Length == 0 ? ScreenTextResult.Failed("No text was found on the screen.") : ScreenTextResult.Of(text);
    }
}
