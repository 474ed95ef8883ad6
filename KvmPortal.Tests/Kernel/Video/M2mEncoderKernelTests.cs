using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using KvmPortal.Tests.Simulation;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// KvmPortal's V4L2 memory-to-memory encoder (the class that drives the Pi's H.264 encoder) against vicodec's stateful
/// FWHT encoder in the VM lab: formats on both queues, one buffer in flight, 30 frames of the simulated target's screen
/// with timestamps matched, a forced key frame, drain with V4L2_ENC_CMD_STOP until LAST and EOS, encoding again after the
/// drain, and a clean restart at a new resolution. Once with vicodec's default single-planar API, once multi-planar (the Pi's).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class M2mEncoderKernelTests
{
    private const int Frames = 30;
    private const int Gop = 16; // vicodec's maximum
    private const int ForcedAt = 12; // not a multiple of the GOP: only a forced key frame explains a key frame here
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [KernelFact]
    [Trait("Category", "Kernel")]
    public void Vicodec_SinglePlanar_FullCycle() => RunCycle(multiplanar: false);

    [KernelFact]
    [Trait("Category", "Kernel")]
    public void Vicodec_Multiplanar_FullCycle() => RunCycle(multiplanar: true);

    private static void RunCycle(bool multiplanar)
    {
        KernelTest.RequireVmLab();
        using var vicodec = VicodecModule.Load(multiplanar);
        string mode = multiplanar ? "mplane" : "splane";
        var settings = new VideoEncoderSettings { Codec = VideoCodec.Fwht, Width = 640, Height = 360, FramesPerSecond = 30, Gop = Gop, FrameTimeout = TimeSpan.FromSeconds(20) };
        using var target = PoweredOnTarget(640, 360);
        using var encoder = V4l2M2mEncoder.Open(vicodec.EncoderPath, settings, logger: new ConsoleLogger<V4l2M2mEncoder>());
        System.Console.Error.WriteLine($"{mode}: {encoder.Name}, input {V4l2Native.FourccText(encoder.InputFourcc)}, buffers {encoder.BufferCounts}, " +
            $"force-key-frame control: {encoder.HasForceKeyFrameControl}");
        Assert.Equal(multiplanar, encoder.Multiplanar);
        Assert.Equal(Gop, encoder.AppliedControls[V4l2M2mNative.V4L2_CID_MPEG_VIDEO_GOP_SIZE]);
        Assert.Equal(V4l2M2mNative.FourccYuv420, encoder.InputFourcc);

        // 30 frames of the simulated screen, a key typed between frames; frame 12 forced to be a key frame.
        var keyFrames = new List<int>();
        var sizes = new List<int>();
        var encodeMs = new List<double>();
        int driverKeyFlags = 0;
        for (int i = 0; i < Frames; i++)
        {
            using var frame = Render(target, i);
            long started = TimeProvider.System.GetTimestamp();
            EncodedVideoFrame coded = encoder.Encode(frame, forceKeyFrame: i == ForcedAt, CancellationToken.None)
                ?? throw new InvalidOperationException($"frame {i} was dropped ({encoder.FramesDropped} dropped so far)");
            encodeMs.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(Micros(i), coded.TimestampMicroseconds);
            Assert.Equal((640, 360), CodedFrameInspector.FwhtSize(coded.Data.Span));
            bool driverKey = (coded.DriverFlags & V4l2M2mNative.V4L2_BUF_FLAG_KEYFRAME) != 0;
            driverKeyFlags += driverKey ? 1 : 0;
            Assert.True(!driverKey || CodedFrameInspector.FwhtIntra(coded.Data.Span), $"frame {i}: the driver flags a key frame the bitstream calls a P-frame");
            if (coded.KeyFrame)
            {
                keyFrames.Add(i);
            }

            sizes.Add(coded.Data.Length);
            Type(target, (char)('a' + (i % 26)));
        }

        System.Console.Error.WriteLine($"{mode}: key frames at [{string.Join(", ", keyFrames)}], V4L2_BUF_FLAG_KEYFRAME set on {driverKeyFlags} frames, " +
            $"sizes I {Avg(sizes, keyFrames, true)} B / P {Avg(sizes, keyFrames, false)} B");
        Assert.Equal([0, ForcedAt, ForcedAt + Gop], keyFrames);
        Assert.Equal(Frames, encoder.FramesEncoded);
        Assert.Equal(0, encoder.FramesDropped);

        // Drain: V4L2_ENC_CMD_STOP, dequeue until the LAST buffer and the EOS event; nothing was held back (one frame in flight).
        long drainStarted = TimeProvider.System.GetTimestamp();
        IReadOnlyList<EncodedVideoFrame> drained = encoder.Drain(CancellationToken.None);
        double drainMs = TimeProvider.System.GetElapsedTime(drainStarted).TotalMilliseconds;
        Assert.Empty(drained);
        Assert.Equal((true, true), encoder.LastDrain);

        // After the drain the encoder goes on (V4L2_ENC_CMD_START).
        using (var after = Render(target, Frames))
        {
            EncodedVideoFrame coded = encoder.Encode(after, false, CancellationToken.None) ?? throw new InvalidOperationException("no frame after the drain");
            Assert.Equal(Micros(Frames), coded.TimestampMicroseconds);
        }

        // Resolution change: a 1280x720 frame restarts the encoder (drain, STREAMOFF, REQBUFS 0, S_FMT, REQBUFS, STREAMON).
        // The 720p frames go through vicodec's stateful decoder too: the pictures must match their source (catches wrong
        // pixel formats, strides and plane offsets, which the encoder itself would accept silently).
        using var big = PoweredOnTarget(1280, 720);
        using var decoder = new VicodecDecoder(1280, 720);
        double worstPsnr = double.MaxValue;
        long restartStarted = TimeProvider.System.GetTimestamp();
        for (int i = 0; i < 5; i++)
        {
            using var frame = Render(big, Frames + 1 + i);
            EncodedVideoFrame coded = encoder.Encode(frame, false, CancellationToken.None) ?? throw new InvalidOperationException($"720p frame {i} dropped");
            worstPsnr = Math.Min(worstPsnr, Psnr(I420Converter.ToI420(frame), decoder.Decode(coded.Data.Span, TimeSpan.FromSeconds(20))));
            Assert.Equal(Micros(Frames + 1 + i), coded.TimestampMicroseconds);
            Assert.Equal((1280, 720), CodedFrameInspector.FwhtSize(coded.Data.Span));
            Assert.Equal(i == 0, coded.KeyFrame); // the new stream starts with a key frame, then P-frames
            if (i == 0)
            {
                System.Console.Error.WriteLine($"m2m_vicodec_{mode}_restart_to_first_720p_frame_ms: {TimeProvider.System.GetElapsedTime(restartStarted).TotalMilliseconds:F1}");
            }

            Type(big, 'x');
        }

        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_720p_decoded_min_psnr_db: {worstPsnr:F1}");
        Assert.True(worstPsnr > 30, $"the pictures decoded by vicodec differ from the source: worst PSNR {worstPsnr:F1} dB");
        Assert.Equal(1, encoder.Restarts);
        Assert.Equal((1280, 720), (encoder.Settings.Width, encoder.Settings.Height));
        Assert.Equal(0, encoder.FramesDropped);
        encodeMs.Sort();
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_640x360_encode_ms_p50: {encodeMs[encodeMs.Count / 2]:F1}");
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_640x360_encode_ms_max: {encodeMs[^1]:F1}");
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_drain_ms: {drainMs:F1}");
    }

    private static long Micros(int frame) => (Start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond + (frame * 33_333L);

    private static RawVideoFrame Render(SimulatedTarget target, int index)
    {
        var frame = new RawVideoFrame(VideoPixelFormat.Rgb24, target.Width, target.Height, target.Width * 3, target.Width * target.Height * 3,
            Start.AddTicks(index * 33_333L * TimeSpan.TicksPerMicrosecond));
        target.RenderRgb24(frame.Buffer);
        return frame;
    }

    private static SimulatedTarget PoweredOnTarget(int width, int height)
    {
        var target = new SimulatedTarget(Options.Create(new SimulationOptions { ScreenWidth = width, ScreenHeight = height }), TimeProvider.System);
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        Assert.True(target.IsPoweredOn);
        return target;
    }

    private static void Type(SimulatedTarget target, char c)
    {
        foreach (byte[] report in HidReports.Type(c.ToString()))
        {
            target.KeyboardReport(report);
        }
    }

    private static double Psnr(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            sum += d * d;
        }

        return sum == 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 * a.Length / sum);
    }

    private static int Avg(List<int> sizes, List<int> keys, bool key)
    {
        var picked = sizes.Where((_, i) => keys.Contains(i) == key).ToList();
        return picked.Count == 0 ? 0 : (int)picked.Average();
    }
}
