using System.Globalization;
using KvmPortal.Api;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Video.Ocr;

/// <summary>
/// PiKVM's OCR: <c>GET /api/streamer/ocr</c> (<c>{ocr: {enabled, langs: {default, available}}}</c>) and the <c>ocr=1</c> branch of
/// <c>GET /api/streamer/snapshot</c> (<c>ocr_langs</c>, <c>ocr_left/top/right/bottom</c>; answers text/plain with the snapshot's headers).
/// </summary>
public static class OcrApi
{
    /// <summary>kvmd's <c>GET /api/streamer/ocr</c>.</summary>
    public static IResult State(TesseractOcr ocr)
    {
        ArgumentNullException.ThrowIfNull(ocr);
        var enabled = ocr.Enabled;
        return ApiEnvelope.Ok(new
        {
            ocr = new
            {
                enabled,
                langs = new
                {
                    @default = enabled ? ocr.DefaultLangs : [],
                    available = enabled ? ocr.AvailableLangs() : [],
                },
            },
        });
    }

    /// <summary>Validates the OCR query parameters (before a frame is taken). Null when they are valid.</summary>
    public static IResult? Validate(IQueryCollection query, TesseractOcr ocr, out OcrQuery parsed)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(ocr);
        parsed = default;
        if (!ocr.Enabled)
        {
            return ApiEnvelope.Error(501, "OcrError", "Tesseract is not available (install Debian's tesseract-ocr)");
        }

        var available = ocr.AvailableLangs();
        var langs = new List<string>();
        foreach (var lang in query["ocr_langs"].ToString().Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = lang.ToLowerInvariant();
            if (!available.Contains(lower, StringComparer.Ordinal))
            {
                return ApiEnvelope.Error(400, "ValidatorError", $"The argument '{lang}' must be in OCR lang list: {string.Join(", ", available)}");
            }

            langs.Add(lower);
        }

        int[] sides = new int[4];
        string[] names = ["ocr_left", "ocr_top", "ocr_right", "ocr_bottom"];
        for (var i = 0; i < 4; i++)
        {
            if (!TrySide(query, names[i], out sides[i]))
            {
                return ApiEnvelope.Error(400, "ValidatorError", $"The argument {names[i]} must be a number");
            }
        }

        parsed = new OcrQuery(langs, sides[0], sides[1], sides[2], sides[3]);
        return null;
    }

    /// <summary>Recognizes the text of <paramref name="frame"/> and answers it as text/plain.</summary>
    public static async Task<IResult> RecognizeAsync(JpegFrame frame, OcrQuery query, TesseractOcr ocr, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(ocr);
        if (!OcrRegion.TryResolve(query.Left, query.Top, query.Right, query.Bottom, frame.Width, frame.Height, out var region))
        {
            return ApiEnvelope.Error(400, "ValidatorError",
                string.Create(CultureInfo.InvariantCulture, $"The OCR region is empty within the {frame.Width}x{frame.Height} frame"));
        }

        string? text;
        try
        {
            text = await ocr.TryRecognizeAsync(frame.Data, query.Langs, region, ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or IOException)
        {
            OcrLog.Failed(logger, exception);
            return ApiEnvelope.Error(503, "OcrError", "Can't recognize image");
        }

        return text is null
            ? ApiEnvelope.Error(503, "OcrBusyError", "Another OCR is running; try again")
            : Results.Text(text, "text/plain", System.Text.Encoding.UTF8);
    }

    private static bool TrySide(IQueryCollection query, string name, out int value)
    {
        value = -1;
        if (!query.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return true;
        }

        if (raw.Count != 1 || !double.TryParse(raw[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ||
            !double.IsFinite(number) || number > 1_000_000 || number < -1_000_000)
        {
            return false;
        }

        value = (int)number;
        return true;
    }
}
