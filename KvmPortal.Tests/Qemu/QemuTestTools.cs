using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Qemu;

/// <summary>Debian tools the Qemu tests use: qemu-system-x86, nasm, xorriso, tesseract-ocr (installed by the test script).</summary>
public static class QemuTestTools
{
    public const string QemuBinary = "/usr/bin/qemu-system-x86_64";

    public static void RequireTools()
    {
        foreach (var tool in new[] { QemuBinary, "/usr/bin/nasm", "/usr/bin/xorriso", "/usr/bin/tesseract" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException(
                    $"{tool} is missing: install Debian's qemu-system-x86 nasm xorriso tesseract-ocr (the test script does).");
            }
        }
    }

    /// <summary>Builds deploy/qemu's boot-sector ISO into <paramref name="output"/>.</summary>
    public static async Task BuildTestIsoAsync(string output)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "deploy", "qemu", "build-test-iso.sh");
        var (code, _, error) = await RunAsync("/bin/sh", [script, output]);
        Assert.True(code == 0, "build-test-iso.sh failed: " + error);
    }

    /// <summary>Reads the text of an RGB24 frame with tesseract (the frame is scaled 2x first, which helps with the 9x16 VGA font).</summary>
    public static async Task<string> OcrAsync(RawVideoFrame frame, string directory)
    {
        Assert.Equal(VideoPixelFormat.Rgb24, frame.Format);
        var path = Path.Combine(directory, "ocr.ppm");
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n{frame.Width * 2} {frame.Height * 2}\n255\n");
        var pixels = new byte[frame.Width * frame.Height * 12];
        var data = frame.Data;
        for (var y = 0; y < frame.Height * 2; y++)
        {
            for (var x = 0; x < frame.Width * 2; x++)
            {
                var source = ((y / 2) * frame.Stride) + ((x / 2) * 3);
                var target = ((y * frame.Width * 2) + x) * 3;
                pixels[target] = data[source];
                pixels[target + 1] = data[source + 1];
                pixels[target + 2] = data[source + 2];
            }
        }

        await using (var file = File.Create(path))
        {
            await file.WriteAsync(header);
            await file.WriteAsync(pixels);
        }

        var (code, text, error) = await RunAsync("/usr/bin/tesseract", [path, "stdout", "--psm", "6"]);
        Assert.True(code == 0, "tesseract failed: " + error);
        return text;
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var result = await TestProcess.RunAsync(file, arguments, TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
