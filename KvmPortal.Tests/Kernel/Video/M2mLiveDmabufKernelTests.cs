using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// The live H.264 path with zero-copy input, in the VM lab: vivid's HDMI capture (YUYV 1280x720) through the real
/// <see cref="V4l2VideoSource"/> and <see cref="VideoStreamer"/> into the <see cref="H264Broadcaster"/> over vicodec's stateful
/// encoder (multi-planar, as the Pi's). The capture buffers are lent to the encoder as dmabufs (VIDIOC_EXPBUF, QBUF
/// V4L2_MEMORY_DMABUF) and held until it read them; the broadcaster's state counts the frames read in place. The units decode with
/// vicodec's decoder to vivid's colour bars. With an encoder that cannot import (as openh264, or an M2M node refusing DMABUF) the
/// same path falls back to copying, says why, and decodes the same. A bitrate/GOP change
/// (PiKVM set_params) is applied to the running encoder (S_CTRL while streaming), not by opening a new one.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class M2mLiveDmabufKernelTests
{
    private const string HdmiInput = "HDMI 0";
    private const int Width = 1280;
    private const int Height = 720;
    private const int Units = 8;

    [KernelFact]
    [Trait("Category", "Kernel")]
    public Task LivePath_VividToVicodec_EncoderReadsTheCaptureBuffersInPlace_OutputDecodes() => Run(import: true);

    [KernelFact]
    [Trait("Category", "Kernel")]
    public Task LivePath_EncoderThatCannotImport_FallsBackToCopies_OutputDecodes() => Run(import: false);

    private static async Task Run(bool import)
    {
        KernelTest.RequireVmLab();
        string mode = import ? "dmabuf" : "copy";
        using var vicodec = VicodecModule.Load(multiplanar: true);
        string path;
        using (var vivid = VividControl.Open())
        {
            path = vivid.Path;
            vivid.SelectHdmiTimings(HdmiInput, Width, Height);
        }

        var options = new VideoOptions
        {
            Backend = VideoBackend.V4l2, Device = path, Input = HdmiInput, Format = VideoCaptureFormat.Yuyv,
            DesiredFps = 0, Workers = 1, IdleStopSeconds = -1, RetryMilliseconds = 200,
        };
        var source = new V4l2VideoSource(Options.Create(options), TimeProvider.System, new ConsoleLogger<V4l2VideoSource>());
        using var streamer = new VideoStreamer(source, Options.Create(options), TimeProvider.System, new ConsoleLogger<VideoStreamer>());
        var encoders = new List<V4l2M2mEncoder>();
        using var broadcaster = new H264Broadcaster(
            streamer, Options.Create(new H264Options { MaxLagFrames = 1000 }), TimeProvider.System, new ConsoleLogger<H264Broadcaster>(), settings =>
            {
                var fwht = settings with { Codec = VideoCodec.Fwht, Gop = 16, FrameTimeout = TimeSpan.FromSeconds(20) };
                V4l2M2mEncoder encoder = import && settings.DmabufInputFourcc is { } fourcc
                    ? V4l2M2mEncoder.OpenDmabuf(vicodec.EncoderPath, fwht, fourcc, new ConsoleLogger<V4l2M2mEncoder>())
                    : V4l2M2mEncoder.Open(vicodec.EncoderPath, fwht, null, new ConsoleLogger<V4l2M2mEncoder>());
                encoders.Add(encoder);
                return encoder;
            });

        await streamer.StartAsync(CancellationToken.None);
        try
        {
            using var viewer = broadcaster.Subscribe("kernel-test");
            using var decoder = new VicodecDecoder(Width, Height);
            var encodeMs = new List<double>();
            double[] bands = [];
            for (int i = 0; i < Units; i++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                H264Unit unit = await viewer.NextAsync(timeout.Token);
                encodeMs.Add(broadcaster.GetState().LastEncodeMilliseconds);
                if (i == 0)
                {
                    Assert.True(unit.KeyFrame, "the viewer's first unit is not a key frame");
                }

                Assert.Equal((Width, Height), CodedFrameInspector.FwhtSize(unit.Data.Span));
                bands = Bands(decoder.Decode(unit.Data.Span, TimeSpan.FromSeconds(20)));
            }

            // vivid's 75% colour bars, left to right white, yellow, cyan, green, magenta, red, blue, black: the luma falls bar by
            // bar (garbage, a stale or an all-zero buffer would not).
            System.Console.Error.WriteLine($"{mode}: decoded to {V4l2Native.FourccText(decoder.CaptureFourcc)}; luma of the 8 bars: {string.Join(", ", bands.Select(b => b.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
            for (int b = 1; b < bands.Length; b++)
            {
                Assert.True(bands[b] < bands[b - 1] - 5, $"bar {b} ({bands[b]:F0}) is not darker than bar {b - 1} ({bands[b - 1]:F0})");
            }

            H264State state = broadcaster.GetState();
            System.Console.Error.WriteLine($"{mode}: units {state.Units}, dmabuf frames {state.DmabufFrames}, copied frames {state.CopiedFrames}, fallback '{state.DmabufFallback}', encoders {state.EncodersCreated}");
            if (import)
            {
                Assert.True(encoders[^1].DmabufInput, "the broadcaster's encoder was not opened for dmabuf input");
                Assert.True(state.DmabufFrames >= Units, $"only {state.DmabufFrames} frames were read in place");
                Assert.Equal(0, state.CopiedFrames);
                Assert.Null(state.DmabufFallback);
            }
            else
            {
                Assert.False(encoders[^1].DmabufInput);
                Assert.Equal(0, state.DmabufFrames);
                Assert.True(state.CopiedFrames >= Units);
                Assert.Contains("does not import dmabufs", state.DmabufFallback, StringComparison.Ordinal);
            }

            Assert.Single(encoders); // no flip-flop between input modes

            // PiKVM set_params with both values: vicodec takes the GOP size while streaming (S_CTRL), so the same encoder goes on
            // (no rebuild), starting with a forced intra frame, then intra frames every 4 instead of every 16.
            broadcaster.SetRate(3000, 4);
            var intra = new List<bool>();
            while (intra.Count < 24 && intra.Count(x => x) < 3)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                H264Unit unit = await viewer.NextAsync(timeout.Token); // units coded before the change come first
                intra.Add(CodedFrameInspector.FwhtIntra(unit.Data.Span)); // every unit in order: no lag skips (MaxLagFrames), no decode
            }

            // The forced intra frame, then at least two more within 12 frames: every 4 (every 16 would give at most one).
            string pattern = string.Concat(intra.Select(x => x ? 'I' : 'P'));
            System.Console.Error.WriteLine($"{mode}: frames after SetRate(3000, 4): {pattern}");
            int forced = intra.IndexOf(true);
            Assert.True(forced >= 0 && intra.Skip(forced + 1).Take(12).Count(x => x) is >= 2 and <= 4, $"no intra frame every 4 after the GOP change: {pattern}");
            Assert.Equal(4, encoders[0].AppliedControls[V4l2M2mNative.V4L2_CID_MPEG_VIDEO_GOP_SIZE]); // read back from the driver
            Assert.Single(encoders);
            Assert.Equal(1, encoders[0].RateChanges);
            Assert.Equal(4, encoders[0].Settings.Gop);
            state = broadcaster.GetState();
            Assert.Equal((1L, 1L), (state.EncodersCreated, state.RateChanges));
            Assert.Null(state.Error);
            encodeMs.Sort();
            System.Console.Error.WriteLine($"m2m_live_vicodec_720p_yuyv_{mode}_encode_ms_p50: {encodeMs[encodeMs.Count / 2]:F1}");
            System.Console.Error.WriteLine($"m2m_live_vicodec_720p_yuyv_{mode}_frames: {(import ? state.DmabufFrames : state.CopiedFrames)}");
            if (import)
            {
                // Copy mode writes the picture converted to I420 into the encoder's OUTPUT buffer; the dmabuf path writes nothing.
                System.Console.Error.WriteLine($"m2m_live_copy_bytes_avoided_per_frame: {Width * Height * 3 / 2}");
            }
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await broadcaster.StopAsync(stop.Token);
            await streamer.StopAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Mean luma of 8 equal vertical bands across the middle rows (below vivid's text overlay) of a planar picture (luma first).</summary>
    private static double[] Bands(byte[] i420)
    {
        var sums = new double[8];
        int rows = 0;
        for (int y = Height / 2; y < (Height / 2) + 64; y++, rows++)
        {
            for (int b = 0; b < 8; b++)
            {
                int from = (b * Width / 8) + 16, to = ((b + 1) * Width / 8) - 16; // away from the edges between bars
                for (int x = from; x < to; x++)
                {
                    sums[b] += i420[(y * Width) + x];
                }
            }
        }

        int perBand = (Width / 8) - 32;
        return [.. sums.Select(s => s / (rows * perBand))];
    }
}
