using System.Globalization;
using KvmPortal.Hardware.Video;
using Xunit;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Video;

public class VideoBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_PrintsNamedFigures()
    {
        // Short by default; KVMPORTAL_BENCH_SECONDS=3 gives real figures (printed through the test output).
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("KVMPORTAL_BENCH_SECONDS"), CultureInfo.InvariantCulture, out double s) ? s : 0.2;
        using var writer = new StringWriter();

        await VideoBenchmark.RunAsync(writer, TimeSpan.FromSeconds(seconds), CancellationToken.None);

        string text = writer.ToString();
        output.WriteLine(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => p[1].Trim());
        Assert.True(double.Parse(lines["encode_1080p_fps_per_core"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(lines["encode_720p_fps_per_core"], CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(lines["encode_1080p_jpeg_bytes"], CultureInfo.InvariantCulture) > 100_000, "a dense 1080p frame should not compress like a flat one");
        Assert.Contains("tjbench_1080p_fps", lines.Keys);
        Assert.Equal("1", lines["static_1080p30_encodes_total"]); // a static screen is encoded once, then never again
        Assert.Contains("changing_1080p30_16_consumers_cpu_percent", lines.Keys);
    }
}
