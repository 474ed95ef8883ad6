using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KvmPortal.Hardware.Processes;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// Measures the image library's upload path: a generated image streamed through <see cref="ImageLibrary.UploadAsync"/> (1 MiB buffer,
/// SHA-256 on the fly, fsync, atomic rename) next to <c>dd bs=1M conv=fsync</c> writing as many bytes to the same folder, plus the
/// process's peak memory. Prints <c>name: value</c> lines (for a <c>KvmPortal bench msd</c> verb or a test).
/// </summary>
public static class MsdBenchmark
{
    private const int MiB = 1024 * 1024;

    /// <summary>Runs the benchmark in <paramref name="directory"/> (a scratch folder on the disk to measure) and removes its files.</summary>
    /// <returns>The printed figures by name.</returns>
    public static async Task<IReadOnlyDictionary<string, double>> RunAsync(
        string directory,
        long bytes,
        TextWriter output,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var time = timeProvider ?? TimeProvider.System;
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        void Print(string name, double value)
        {
            results[name] = value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.##}"));
        }

        var imagesDirectory = Path.Combine(directory, "msd-bench-images");
        Directory.CreateDirectory(imagesDirectory);
        try
        {
            using var library = new ImageLibrary(new MsdOptions { ImagesDirectory = imagesDirectory, ReservedFreeSpaceBytes = 0 }, timeProvider: time);
            var pattern = new byte[MiB];
            new Random(5).NextBytes(pattern);
            Print("msd_bench_bytes", bytes);

            // Warm-up (JIT, thread pool, page allocation) with a small upload, as benchmarks do, then the measured one.
            var warmUp = Math.Min(bytes, 64L * MiB);
            await library.UploadAsync(new UploadRequest { Name = "warm-up.img", BodyLength = warmUp }, new PatternStream(pattern, warmUp), null, cancellationToken);
            library.Delete("warm-up.img");

            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            using var process = Process.GetCurrentProcess();
            var workingSetBefore = process.WorkingSet64;
            var start = time.GetTimestamp();
            var result = await library.UploadAsync(
                new UploadRequest { Name = "bench.img", BodyLength = bytes },
                new PatternStream(pattern, bytes),
                null,
                cancellationToken);
            var uploadSeconds = time.GetElapsedTime(start).TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            if (!result.Complete || result.Length != bytes)
            {
                throw new InvalidOperationException($"the benchmark upload did not complete: {result}");
            }

            Print("msd_upload_mib_per_s", bytes / (double)MiB / uploadSeconds);
            Print("msd_upload_seconds", uploadSeconds);
            Print("msd_upload_managed_allocated_mib", allocated / (double)MiB);
            Print("msd_upload_working_set_growth_mib", (process.WorkingSet64 - workingSetBefore) / (double)MiB);
            Print("msd_process_peak_working_set_mib", process.PeakWorkingSet64 / (double)MiB);
            library.Delete("bench.img");

            var ddSeconds = await RunDdAsync(Path.Combine(directory, "msd-bench-dd.bin"), bytes, time, cancellationToken);
            Print("dd_mib_per_s", bytes / (double)MiB / ddSeconds);
            Print("dd_seconds", ddSeconds);
            Print("msd_upload_vs_dd_percent", 100 * ddSeconds / uploadSeconds);

            // SHA-256 alone on the same pattern, in memory: the ceiling the on-the-fly hash puts on uploads on this CPU.
            var hashStart = time.GetTimestamp();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var hashBytes = Math.Min(bytes, 512L * MiB);
            for (long done = 0; done < hashBytes; done += MiB)
            {
                hash.AppendData(pattern);
            }

            _ = hash.GetHashAndReset();
            Print("sha256_mib_per_s", hashBytes / (double)MiB / time.GetElapsedTime(hashStart).TotalSeconds);

            // Context for reading the figures on a shared machine.
            Print("cpu_count", Environment.ProcessorCount);
            if (File.Exists("/proc/loadavg")
                && double.TryParse((await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load))
            {
                Print("load_average_1m", load);
            }

            return results;
        }
        finally
        {
            Directory.Delete(imagesDirectory, recursive: true);
            File.Delete(Path.Combine(directory, "msd-bench-dd.bin"));
        }
    }

    private static async Task<double> RunDdAsync(string target, long bytes, TimeProvider time, CancellationToken cancellationToken)
    {
        var count = Math.Max(1, bytes / MiB);
        var info = new ProcessStartInfo("dd");
        foreach (var argument in new[] { "if=/dev/zero", $"of={target}", "bs=1M", $"count={count}", "conv=fsync" })
        {
            info.ArgumentList.Add(argument);
        }

        await using var children = new ChildProcessService(null, time);
        var start = time.GetTimestamp();
        var dd = await children.RunAsync(info, TimeSpan.FromMinutes(30), null, cancellationToken);
        var seconds = time.GetElapsedTime(start).TotalSeconds;
        return dd.ExitCode == 0 ? seconds * bytes / (count * (double)MiB) : throw new InvalidOperationException($"dd failed: {dd.StandardError}");
    }

    /// <summary>An endless pattern cut to a length: the upload source, without holding the image in memory.</summary>
    private sealed class PatternStream(byte[] pattern, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            var written = 0;
            while (written < n)
            {
                var at = (int)((_position + written) % pattern.Length);
                var chunk = Math.Min(n - written, pattern.Length - at);
                pattern.AsSpan(at, chunk).CopyTo(buffer[written..]);
                written += chunk;
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
