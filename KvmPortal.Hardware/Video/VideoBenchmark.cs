using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KvmPortal.Hardware.Processes;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// Encode-speed benchmark on dense synthetic frames through the real encode path (<see cref="JpegEncoder"/>, Q80, 4:2:0),
/// printing <c>name: value</c> lines; compares with Debian's tjbench on the same picture when it is installed.
/// </summary>
public static partial class VideoBenchmark
{
    private const int Quality = 80;

    /// <summary>Runs the benchmark.</summary>
    /// <param name="output">Where the <c>name: value</c> lines go.</param>
    /// <param name="duration">Time spent per measured case (about 10 cases run).</param>
    /// <param name="cancellationToken">Stops early.</param>
    /// <returns>A task that completes when all figures are printed.</returns>
    public static async Task RunAsync(TextWriter output, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (duration <= TimeSpan.Zero)
        {
            duration = TimeSpan.FromSeconds(3);
        }

        await output.WriteLineAsync($"cpu_count: {Environment.ProcessorCount}");
        await output.WriteLineAsync($"quality: {Quality}");
        byte[]? rgb1080 = null;
        foreach (var (label, width, height) in new[] { ("720p", 1280, 720), ("1080p", 1920, 1080) })
        {
            byte[] rgb = SyntheticFrames.CreateRgb24(width, height);
            byte[] uyvy = SyntheticFrames.RgbToPackedYuv(rgb, width, height, uyvy: true);
            if (height == 1080)
            {
                rgb1080 = rgb;
            }

            var rgbResult = await Task.Run(() => Measure(rgb, VideoPixelFormat.Rgb24, width, height, duration, cancellationToken), cancellationToken);
            await Print(output, $"encode_{label}", rgbResult);
            var yuvResult = await Task.Run(() => Measure(uyvy, VideoPixelFormat.Uyvy, width, height, duration, cancellationToken), cancellationToken);
            await Print(output, $"encode_{label}_uyvy", yuvResult);
            await output.WriteLineAsync(F($"compare_{label}_uyvy_ms: {CompareMilliseconds(uyvy):0.000}"));
            await output.WriteLineAsync(F($"deinterleave_{label}_uyvy_ms: {DeinterleaveMilliseconds(uyvy, width, height):0.000}"));
        }

        int workers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        double parallel = await ParallelFps(rgb1080!, 1920, 1080, workers, duration, cancellationToken);
        await output.WriteLineAsync(F($"encode_1080p_fps_{workers}_workers_wall: {parallel:0.0}"));

        await RunPipelineAsync(output, rgb1080!, duration, cancellationToken);

        var tjbench = await RunTjbenchAsync(rgb1080!, 1920, 1080, duration, cancellationToken);
        if (tjbench is { } tj)
        {
            await output.WriteLineAsync(F($"tjbench_1080p_fps: {tj.Fps:0.0}"));
            await output.WriteLineAsync(F($"tjbench_1080p_cpu_share: {tj.CpuShare:0.00}"));
            await output.WriteLineAsync(F($"tjbench_1080p_fps_per_core: {tj.Fps / Math.Max(0.01, tj.CpuShare):0.0}"));
        }
        else
        {
            await output.WriteLineAsync("tjbench_1080p_fps: unavailable (apt-get install libjpeg-turbo-progs)");
        }
    }

    private static async Task Print(TextWriter output, string name, Result r)
    {
        await output.WriteLineAsync(F($"{name}_fps_per_core: {r.Frames / r.Cpu.TotalSeconds:0.0}"));
        await output.WriteLineAsync(F($"{name}_ms_cpu_per_frame: {r.Cpu.TotalMilliseconds / r.Frames:0.000}"));
        await output.WriteLineAsync(F($"{name}_fps_wall: {r.Frames / r.Wall.TotalSeconds:0.0}"));
        await output.WriteLineAsync(F($"{name}_jpeg_bytes: {r.Bytes}"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Result Measure(byte[] frame, VideoPixelFormat format, int width, int height, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var encoder = new JpegEncoder();
        int bytes = encoder.Encode(frame, format, width, height, 0, Quality).Length; // warm-up
        TimeProvider clock = TimeProvider.System;
        long start = clock.GetTimestamp();
        TimeSpan cpuStart = ThreadCpuClock.Now();
        int frames = 0;
        while (clock.GetElapsedTime(start) < duration && !cancellationToken.IsCancellationRequested)
        {
            bytes = encoder.Encode(frame, format, width, height, 0, Quality).Length;
            frames++;
        }

        return new Result(frames, ThreadCpuClock.Now() - cpuStart, clock.GetElapsedTime(start), bytes);
    }

    private static double CompareMilliseconds(byte[] frame)
    {
        byte[] copy = (byte[])frame.Clone();
        TimeSpan cpuStart = ThreadCpuClock.Now();
        int rounds = 50;
        int same = 0;
        for (int i = 0; i < rounds; i++)
        {
            same += frame.AsSpan().SequenceEqual(copy) ? 1 : 0;
        }

        return (ThreadCpuClock.Now() - cpuStart).TotalMilliseconds / Math.Max(1, same);
    }

    private static unsafe double DeinterleaveMilliseconds(byte[] uyvy, int width, int height)
    {
        var planes = new byte[width * height * 2];
        const int rounds = 30;
        TimeSpan cpuStart = ThreadCpuClock.Now();
        fixed (byte* src = uyvy)
        fixed (byte* y = planes)
        {
            byte* u = y + (width * height);
            byte* v = u + (width * height / 4);
            for (int i = 0; i < rounds; i++)
            {
                PackedYuvConverter.ToI420(src, width * 2, width, height, uyvy: true, y, u, v);
            }
        }

        return (ThreadCpuClock.Now() - cpuStart).TotalMilliseconds / rounds;
    }

    private static async Task<double> ParallelFps(byte[] frame, int width, int height, int workers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tasks = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(() => Measure(frame, VideoPixelFormat.Rgb24, width, height, duration, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        Result[] results = await Task.WhenAll(tasks);
        return results.Sum(r => r.Frames / r.Wall.TotalSeconds);
    }

    private static async Task<(double Fps, double CpuShare)?> RunTjbenchAsync(byte[] rgb, int width, int height, TimeSpan duration, CancellationToken cancellationToken)
    {
        string? tjbench = FindOnPath("tjbench");
        if (tjbench is null)
        {
            return null;
        }

        string path = Path.Combine(Path.GetTempPath(), $"kvmportal-bench-{Environment.ProcessId}.ppm");
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"P6\n{width} {height}\n255\n"), cancellationToken);
                await file.WriteAsync(rgb, cancellationToken);
            }

            var start = new ProcessStartInfo(tjbench);
            foreach (string arg in new[] { path, "80", "-subsamp", "420", "-componly", "-nowrite", "-benchtime", Math.Max(1, duration.TotalSeconds).ToString("0", CultureInfo.InvariantCulture), "-warmup", "1" })
            {
                start.ArgumentList.Add(arg);
            }

            TimeSpan childCpu = ThreadCpuClock.ChildrenCpu();
            long started = TimeProvider.System.GetTimestamp();
            await using var children = new ChildProcessService();
            var result = await children.RunAsync(start, duration + TimeSpan.FromMinutes(2), null, cancellationToken);
            string text = result.StandardOutput;
            // tjbench's fps is wall-clock based; its CPU share (children rusage / wall) turns it into a per-core figure.
            double share = (ThreadCpuClock.ChildrenCpu() - childCpu) / TimeProvider.System.GetElapsedTime(started);
            Match match = CompressRate().Match(text);
            return match.Success ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), share) : null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Compress\s*-->\s*Frame rate:\s*([0-9.]+)\s*fps")]
    private static partial Regex CompressRate();

    private readonly record struct Result(int Frames, TimeSpan Cpu, TimeSpan Wall, int Bytes);
}
