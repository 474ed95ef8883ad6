using System.Diagnostics;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Tests.Simulation;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Video.Encoders;

/// <summary>
/// openh264 through KvmPortal's binding, checked by an independent decoder: the stream is decoded with Debian's ffmpeg and
/// compared with the source pictures (PSNR of luma and chroma); ffprobe reads the profile. The picture is the simulated target's
/// console while text is typed into it.
/// </summary>
public sealed class OpenH264EncoderTests : IDisposable
{
    private const int Frames = 30;
    private const int ForcedAt = 12;
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("kvmportal-h264").FullName;

    public OpenH264EncoderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SimulatedScreen_DecodesWithFfmpeg_CloseToSource_ConstrainedBaseline_KeyFramesAsAsked()
    {
        var settings = new VideoEncoderSettings { Codec = VideoCodec.H264, Width = 1280, Height = 720, BitrateKbps = 5000, Gop = 0 };
        using var target = Target(1280, 720);
        using var encoder = OpenH264Encoder.Create(settings);
        var stream = new MemoryStream();
        var sources = new List<byte[]>();
        var keyFrames = new List<int>();
        var encodeMs = new List<double>();
        for (int i = 0; i < Frames; i++)
        {
            using var frame = Render(target, i);
            sources.Add(I420Converter.ToI420(frame));
            long started = Stopwatch.GetTimestamp();
            EncodedVideoFrame coded = encoder.Encode(frame, forceKeyFrame: i == ForcedAt, CancellationToken.None)
                ?? throw new InvalidOperationException($"frame {i} skipped: frame skipping must be off");
            encodeMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(frame.CaptureTimestamp.ToUnixTimeMilliseconds() * 1000, coded.TimestampMicroseconds);
            List<int> nals = CodedFrameInspector.H264NalTypes(coded.Data.Span);
            Assert.Equal(coded.KeyFrame, nals.Contains(5));
            if (coded.KeyFrame)
            {
                keyFrames.Add(i);
                Assert.Equal([7, 8], nals.Take(2)); // SPS and PPS before each IDR
            }
            else
            {
                Assert.DoesNotContain(7, nals);
            }

            stream.Write(coded.Data.Span);
            Type(target, (char)('a' + (i % 26)));
        }

        Assert.Equal([0, ForcedAt], keyFrames);
        Assert.Empty(encoder.Drain(CancellationToken.None));
        string file = Path.Combine(_dir, "sim.h264");
        File.WriteAllBytes(file, stream.ToArray());

        string probe = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=profile,has_b_frames,width,height,pix_fmt", "-of", "default=nw=1", file);
        _output.WriteLine(probe);
        Assert.Contains("profile=Constrained Baseline", probe, StringComparison.Ordinal);
        Assert.Contains("has_b_frames=0", probe, StringComparison.Ordinal);
        Assert.Contains("width=1280", probe, StringComparison.Ordinal);

        List<byte[]> decoded = Decode(file, 1280, 720);
        Assert.Equal(Frames, decoded.Count);
        double worst = double.MaxValue;
        for (int i = 0; i < Frames; i++)
        {
            worst = Math.Min(worst, Psnr(sources[i], decoded[i]));
        }

        encodeMs.Sort();
        _output.WriteLine($"openh264_720p_bytes_per_frame: {stream.Length / Frames}");
        _output.WriteLine($"openh264_720p_encode_ms_p50: {encodeMs[Frames / 2]:F2}");
        _output.WriteLine($"openh264_720p_min_psnr_db: {worst:F1}");
        Assert.True(worst > 35, $"decoded frames differ from the source: worst PSNR {worst:F1} dB");
    }

    [Fact]
    public void ResolutionChange_RestartsWithKeyFrameAtNewSize()
    {
        using var encoder = OpenH264Encoder.Create(new VideoEncoderSettings { Width = 1280, Height = 720, Gop = 30 });
        using var big = Target(1280, 720);
        using var small = Target(640, 360);
        using (var f = Render(big, 0))
        {
            Assert.True(encoder.Encode(f, false, CancellationToken.None)!.KeyFrame);
        }

        using (var f = Render(big, 1))
        {
            Assert.False(encoder.Encode(f, false, CancellationToken.None)!.KeyFrame);
        }

        using var frame = Render(small, 2);
        EncodedVideoFrame coded = encoder.Encode(frame, false, CancellationToken.None)!;
        Assert.True(coded.KeyFrame);
        Assert.Equal((640, 360), (encoder.Settings.Width, encoder.Settings.Height));
        string file = Path.Combine(_dir, "small.h264");
        File.WriteAllBytes(file, coded.Data.ToArray());
        List<byte[]> decoded = Decode(file, 640, 360);
        Assert.True(Psnr(I420Converter.ToI420(frame), decoded.Single()) > 35);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static double Psnr(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            sum += d * d;
        }

        double mse = sum / a.Length;
        return mse == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static SimulatedTarget Target(int width, int height)
    {
        var target = new SimulatedTarget(Options.Create(new SimulationOptions { ScreenWidth = width, ScreenHeight = height }), TimeProvider.System);
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        return target;
    }

    private static RawVideoFrame Render(SimulatedTarget target, int index)
    {
        var frame = new RawVideoFrame(VideoPixelFormat.Rgb24, target.Width, target.Height, target.Width * 3, target.Width * target.Height * 3,
            DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000).AddMilliseconds(index * 33));
        target.RenderRgb24(frame.Buffer);
        return frame;
    }

    private static void Type(SimulatedTarget target, char c)
    {
        foreach (byte[] report in HidReports.Type(c.ToString()))
        {
            target.KeyboardReport(report);
        }
    }

    private static List<byte[]> Decode(string file, int width, int height)
    {
        string raw = file + ".yuv";
        _ = Run("ffmpeg", "-v", "error", "-y", "-f", "h264", "-i", file, "-f", "rawvideo", "-pix_fmt", "yuv420p", raw);
        byte[] all = File.ReadAllBytes(raw);
        int size = width * height * 3 / 2;
        Assert.Equal(0, all.Length % size);
        return [.. Enumerable.Range(0, all.Length / size).Select(i => all.AsSpan(i * size, size).ToArray())];
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 60 s");
        }

        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} exited {process.ExitCode}: {stderr.GetAwaiter().GetResult()} (needs Debian's ffmpeg)");
    }
}
