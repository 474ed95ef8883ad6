using System.Diagnostics;
using System.Globalization;
using KvmPortal.Hardware.Processes;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// <c>bench h264</c>: the <see cref="DesktopSequence"/> at 1920x1080 through the H.264 encoder the broadcaster would choose (one IDR,
/// then P-frames, 5 Mbit/s, no periodic key frames) and through JPEG Q80 (4:2:0), printing <c>name: value</c> lines: bytes per frame,
/// their ratio, SSIM-Y of each against the source (H.264 decoded by Debian's ffmpeg, JPEG by libturbojpeg) and encode times
/// (wall clock per frame including the RGB to I420 conversion, and the encoding thread's CPU time, which load on the machine does not inflate).
/// Glass-to-glass latency in Chromium is measured by the test project's H264LatencyBenchmark (it needs a browser).
/// </summary>
public static class H264Benchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const int FramesPerPhase = 30;
    private const int Quality = 80;

    /// <summary>Runs the benchmark.</summary>
    /// <param name="output">Where the lines go.</param>
    /// <param name="cancellationToken">Stops early.</param>
    /// <returns>A task that completes when everything is printed.</returns>
    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        List<byte[]> frames = await DesktopSequence.GenerateAsync(Width, Height, FramesPerPhase, cancellationToken);
        await Line(output, "sequence", $"{frames.Count} frames {Width}x{Height} (typing, scrolling, a moving window) from the simulated target");
        await Line(output, "sequence_md5", DesktopSequence.Md5(frames));

        var options = new H264Options();
        var settings = new VideoEncoderSettings { Width = Width, Height = Height, BitrateKbps = options.BitrateKbps, Gop = 0, FramesPerSecond = 30 };
        var h264 = new MemoryStream();
        var h264Times = new List<double>();
        long idrBytes = 0, pBytes = 0;
        string encoderName;
        TimeSpan cpuStarted = ThreadCpuClock.Now();
        using (IVideoEncoder encoder = H264EncoderFactory.Create(options, settings, NullLogger.Instance))
        {
            encoderName = encoder.Name;
            for (int i = 0; i < frames.Count; i++)
            {
                using var raw = RawVideoFrame.Wrap(frames[i], VideoPixelFormat.Rgb24, Width, Height, Width * 3, DateTimeOffset.UnixEpoch.AddMilliseconds(i * 33.3));
                long started = Stopwatch.GetTimestamp();
                EncodedVideoFrame coded = encoder.Encode(raw, forceKeyFrame: i == 0, cancellationToken)
                    ?? throw new InvalidOperationException($"the encoder dropped frame {i}");
                h264Times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                h264.Write(coded.Data.Span);
                if (coded.KeyFrame)
                {
                    idrBytes += coded.Data.Length;
                }
                else
                {
                    pBytes += coded.Data.Length;
                }
            }
        }

        double h264CpuMs = (ThreadCpuClock.Now() - cpuStarted).TotalMilliseconds / frames.Count;

        var jpegTimes = new List<double>();
        long jpegBytes = 0;
        double jpegSsim = 0;
        using (var jpeg = new JpegEncoder())
        {
            foreach (byte[] frame in frames)
            {
                long started = Stopwatch.GetTimestamp();
                byte[] coded = jpeg.EncodeToArray(frame, VideoPixelFormat.Rgb24, Width, Height, 0, Quality);
                jpegTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                jpegBytes += coded.Length;
                byte[] decoded = JpegInspector.DecodeRgb24(coded, out _);
                jpegSsim += Ssim.Plane(Luma(frame), Luma(decoded), Width, Height);
            }
        }

        double h264PerFrame = (double)h264.Length / frames.Count, jpegPerFrame = (double)jpegBytes / frames.Count;
        await Line(output, "h264_encoder", encoderName);
        await Line(output, "h264_bytes_per_frame", F($"{h264PerFrame:0}"));
        await Line(output, "h264_idr_bytes", idrBytes.ToString(CultureInfo.InvariantCulture));
        await Line(output, "h264_p_bytes_per_frame", F($"{(double)pBytes / (frames.Count - 1):0}"));
        await Line(output, "mjpeg_bytes_per_frame", F($"{jpegPerFrame:0}"));
        await Line(output, "h264_vs_mjpeg_bytes_ratio", F($"{h264PerFrame / jpegPerFrame:0.0000}"));
        double? h264Ssim = await H264SsimAsync(h264.ToArray(), frames, cancellationToken);
        await Line(output, "h264_ssim_y", h264Ssim is { } s ? F($"{s:0.0000}") : "unavailable (apt-get install ffmpeg)");
        await Line(output, "mjpeg_q80_ssim_y", F($"{jpegSsim / frames.Count:0.0000}"));
        await Line(output, "h264_encode_ms_per_frame_p50", F($"{Percentile(h264Times, 50):0.00}"));
        await Line(output, "h264_encode_ms_per_frame_p99", F($"{Percentile(h264Times, 99):0.00}"));
        await Line(output, "h264_encode_cpu_ms_per_frame", F($"{h264CpuMs:0.00}"));
        await Line(output, "mjpeg_encode_ms_per_frame_p50", F($"{Percentile(jpegTimes, 50):0.00}"));
    }

    /// <summary>The p-th percentile (nearest rank).</summary>
    /// <returns>The value.</returns>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static byte[] Luma(byte[] rgb)
    {
        using var raw = RawVideoFrame.Wrap(rgb, VideoPixelFormat.Rgb24, Width, Height, Width * 3, DateTimeOffset.UnixEpoch);
        return I420Converter.ToI420(raw).AsSpan(0, Width * Height).ToArray();
    }

    /// <summary>Decodes the stream with ffmpeg (an independent decoder) and compares each picture's luma with the source's.</summary>
    private static async Task<double?> H264SsimAsync(byte[] stream, List<byte[]> frames, CancellationToken cancellationToken)
    {
        string? ffmpeg = File.Exists("/usr/bin/ffmpeg") ? "/usr/bin/ffmpeg" : null;
        if (ffmpeg is null)
        {
            return null;
        }

        string folder = Directory.CreateTempSubdirectory("kvmportal-bench-h264-").FullName;
        try
        {
            string input = Path.Combine(folder, "in.h264"), yuv = Path.Combine(folder, "out.yuv");
            await File.WriteAllBytesAsync(input, stream, cancellationToken);
            var start = new ProcessStartInfo(ffmpeg);
            foreach (string arg in new[] { "-v", "error", "-f", "h264", "-i", input, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-y", yuv })
            {
                start.ArgumentList.Add(arg);
            }

            await using var children = new ChildProcessService();
            var result = await children.RunAsync(start, TimeSpan.FromMinutes(2), null, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("ffmpeg could not decode the H.264 stream: " + result.StandardError);
            }

            byte[] decoded = await File.ReadAllBytesAsync(yuv, cancellationToken);
            int size = Width * Height * 3 / 2;
            if (decoded.Length != size * frames.Count)
            {
                throw new InvalidOperationException($"ffmpeg decoded {decoded.Length / size} pictures of {frames.Count}");
            }

            double sum = 0;
            for (int i = 0; i < frames.Count; i++)
            {
                sum += Ssim.Plane(Luma(frames[i]), decoded.AsSpan(i * size, Width * Height), Width, Height);
            }

            return sum / frames.Count;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task Line(TextWriter output, string name, string value) => output.WriteLineAsync($"{name}: {value}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
