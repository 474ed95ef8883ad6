using System.Diagnostics;
using System.Globalization;
using System.Text;
using KvmPortal.Hardware.Processes;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Video.Ocr;

/// <summary>
/// PiKVM's OCR with Debian's tesseract CLI, run through <see cref="ChildProcessService"/> with a timeout. As kvmd: the JPEG is
/// cropped, turned to grey and scaled 2x before recognition; languages are the tessdata directory's <c>*.traineddata</c> files.
/// One recognition at a time (the Pi has four slow cores): a second concurrent request is refused as busy.
/// </summary>
public sealed class TesseractOcr(ChildProcessService processes, ILogger<TesseractOcr> logger)
{
    private const string LangSuffix = ".traineddata";
    private int _busy;

    /// <summary>Gets or sets the tesseract program.</summary>
    public string TesseractPath { get; set; } = "/usr/bin/tesseract";

    /// <summary>Gets or sets the tessdata directory; null finds Debian's (/usr/share/tesseract-ocr/N/tessdata).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Gets or sets the languages used when a request names none (kvmd's default: eng).</summary>
    public IReadOnlyList<string> DefaultLangs { get; set; } = ["eng"];

    /// <summary>Gets or sets how long one recognition may take before tesseract is killed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets a value indicating whether tesseract and at least one language are installed.</summary>
    public bool Enabled => File.Exists(TesseractPath) && FindDataDirectory() is not null;

    /// <summary>Gets the installed languages, sorted (kvmd's <c>langs.available</c>).</summary>
    public IReadOnlyList<string> AvailableLangs()
    {
        var directory = FindDataDirectory();
        if (directory is null)
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*" + LangSuffix)
            .Select(path => Path.GetFileName(path)[..^LangSuffix.Length])
            .Where(lang => lang.Length > 0)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Recognizes the text in <paramref name="region"/> of <paramref name="jpeg"/>.</summary>
    /// <returns>The text, or null when another recognition is running.</returns>
    public async Task<string?> TryRecognizeAsync(ReadOnlyMemory<byte> jpeg, IReadOnlyList<string> langs, OcrRegion region, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(langs);
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), $"kvmportal-ocr-{Guid.NewGuid():N}.pgm");
        try
        {
            var image = JpegInspector.DecodeRgb24(jpeg.Span, out var header);
            await File.WriteAllBytesAsync(file, GreyScaled2x(image, header.Width, region), ct).ConfigureAwait(false);
            var info = new ProcessStartInfo(TesseractPath);
            info.ArgumentList.Add(file);
            info.ArgumentList.Add("stdout");
            info.ArgumentList.Add("-l");
            info.ArgumentList.Add(string.Join('+', langs.Count > 0 ? langs : DefaultLangs));
            if (FindDataDirectory() is { } data)
            {
                info.ArgumentList.Add("--tessdata-dir");
                info.ArgumentList.Add(data);
            }

            info.StandardOutputEncoding = Encoding.UTF8;
            var started = Stopwatch.GetTimestamp();
            var result = await processes.RunAsync(info, Timeout, null, ct).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"tesseract exited with {result.ExitCode}: {result.StandardError.Trim()}");
            }

            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            OcrLog.Recognized(logger, region.Width, region.Height, milliseconds);
            return result.StandardOutput;
        }
        finally
        {
            File.Delete(file);
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// The region as a grey PGM scaled 2x (pixel fonts stay sharp), with a margin of the region's corner colour (usually the
    /// background) around it: tesseract misses text that touches the image's edge, as a cropped line of a text console does.
    /// </summary>
    private static byte[] GreyScaled2x(byte[] rgb, int width, OcrRegion region)
    {
        const int Margin = 24;
        int w = region.Width * 2, h = region.Height * 2, ow = w + (2 * Margin), oh = h + (2 * Margin);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{ow} {oh}\n255\n"));
        var output = new byte[header.Length + (ow * oh)];
        header.CopyTo(output, 0);
        Array.Fill(output, Grey(rgb, ((region.Top * width) + region.Left) * 3), header.Length, ow * oh);
        for (var y = 0; y < h; y++)
        {
            var row = ((region.Top + (y / 2)) * width) + region.Left;
            var o = header.Length + ((y + Margin) * ow) + Margin;
            for (var x = 0; x < w; x++)
            {
                output[o++] = Grey(rgb, (row + (x / 2)) * 3);
            }
        }

        return output;
    }

    private static byte Grey(byte[] rgb, int i) => (byte)(((rgb[i] * 77) + (rgb[i + 1] * 150) + (rgb[i + 2] * 29)) >> 8);

    private string? FindDataDirectory()
    {
        if (DataDirectory is not null)
        {
            return Directory.Exists(DataDirectory) ? DataDirectory : null;
        }

        const string Root = "/usr/share/tesseract-ocr";
        return Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(d => Path.Combine(d, "tessdata")).Where(Directory.Exists).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
    }
}
