using KvmPortal.Hardware.Msd;
using Xunit;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Msd;

/// <summary>
/// Runs the upload benchmark small (32 MiB) to prove it works and prints figures; it asserts no speed.
/// Set KVMPORTAL_MSD_BENCH_MIB (for example 1024) for the full-size run.
/// </summary>
public sealed class MsdBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Upload_benchmark_prints_throughput_next_to_dd_and_peak_memory()
    {
        var mib = int.TryParse(Environment.GetEnvironmentVariable("KVMPORTAL_MSD_BENCH_MIB"), out var m) ? m : 32;
        var writer = new StringWriter();
        var results = await MsdBenchmark.RunAsync(_dir.Path, mib * 1024L * 1024, writer);
        output.WriteLine(writer.ToString());
        System.Console.WriteLine(writer.ToString());

        foreach (var name in new[] { "msd_upload_mib_per_s", "dd_mib_per_s", "msd_process_peak_working_set_mib", "msd_upload_managed_allocated_mib", "sha256_mib_per_s" })
        {
            Assert.Contains($"{name}: ", writer.ToString(), StringComparison.Ordinal);
            Assert.True(results[name] > 0, name);
        }

        // Streaming, not buffering: the upload allocates a few MiB at most, whatever the image size.
        Assert.True(results["msd_upload_managed_allocated_mib"] < 16, $"allocated {results["msd_upload_managed_allocated_mib"]} MiB");
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }
}
