using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Simulation;
using KvmPortal.Tests.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// The encode-once broadcaster over the real V4L2 memory-to-memory encoder class, against vicodec's stateful encoder in the VM
/// lab (FWHT instead of H.264; the same interface as the Pi's /dev/video11): every viewer's first frame is an intra frame in the
/// bitstream, also for a viewer joining mid-stream on a static screen (a forced key frame of the last picture); a signal change
/// drains the encoder (V4L2_ENC_CMD_STOP) and restarts on an intra frame; a new size restarts the encoder on an intra frame.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class M2mBroadcasterKernelTests
{
    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task Broadcaster_OverVicodec_KeyFramesForJoiningViewers_SignalAndSizeChanges()
    {
        KernelTest.RequireVmLab();
        using var vicodec = VicodecModule.Load(multiplanar: true);
        using var target = new SimulatedTarget(Options.Create(new SimulationOptions { ScreenWidth = 640, ScreenHeight = 360 }), TimeProvider.System);
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        using var streamer = new StreamerHarness();
        var encoders = new List<V4l2M2mEncoder>();
        int opens = 0;
        using var broadcaster = new H264Broadcaster(
            streamer.Streamer, Options.Create(new H264Options()), streamer.Time, NullLogger<H264Broadcaster>.Instance,
            settings =>
            {
                opens++;
                var encoder = V4l2M2mEncoder.Open(vicodec.EncoderPath, settings with { Codec = VideoCodec.Fwht, Gop = 16, FrameTimeout = TimeSpan.FromSeconds(20) });
                encoders.Add(encoder);
                return encoder;
            });

        using var first = broadcaster.Subscribe("first");
        Feed(broadcaster, target, VideoSignalState.Online);
        AssertIntra(await Next(first), "the first viewer's first frame");
        for (var i = 0; i < 3; i++)
        {
            Type(target, (char)('a' + i));
            Feed(broadcaster, target, VideoSignalState.Online);
            var unit = await Next(first);
            Assert.False(CodedFrameInspector.FwhtIntra(unit.Data.Span), $"typed frame {i} is an intra frame: nothing is predicted");
        }

        // Static screen: the joining viewer gets the last picture as a forced intra frame; the first viewer gets the same unit.
        using var second = broadcaster.Subscribe("second");
        var joined = await Next(second);
        AssertIntra(joined, "the joining viewer's first frame");
        Assert.Same(joined, await Next(first));

        // Signal lost: the placeholder comes after a drain (LAST buffer seen), as an intra frame.
        Feed(broadcaster, target, VideoSignalState.NoSignal);
        var placeholder = await Next(first);
        AssertIntra(placeholder, "the frame after the signal change");
        Assert.Same(placeholder, await Next(second));
        Assert.True(encoders[^1].LastDrain.LastFlag, "the encoder was not drained with V4L2_ENC_CMD_STOP");

        // New size after the drain: the encoder restarts (drain, STREAMOFF both queues, REQBUFS 0, S_FMT, REQBUFS, STREAMON) at
        // 800x450 and the picture comes out as an intra frame. (The earlier 480x270 is below vicodec's minimum of 640x360: the
        // restart failed with a V4l2Exception the broadcaster swallowed, and the viewer waited for a unit that never came.)
        using var wide = PoweredOnTarget(800, 450);
        Feed(broadcaster, wide, VideoSignalState.Online);
        var resized = await Next(second);
        AssertIntra(resized, "the frame at the new size");
        Assert.Same(resized, await Next(first));
        Assert.Equal((800, 450), CodedFrameInspector.FwhtSize(resized.Data.Span));
        Assert.Single(encoders);
        Assert.Equal(1, encoders[^1].Restarts);
        Assert.Equal(0, encoders[^1].FramesDropped);

        // A size the driver refuses is a clear V4l2Exception from the restart, and the broadcaster encodes the picture again with a
        // new encoder instead of losing it; vicodec refuses that one too (in production the factory then falls back to openh264),
        // so no unit comes: the waiting viewer is told why (H264EncoderFailedException, the state's Error), and the broadcaster
        // still works at a good size afterwards.
        using var small = PoweredOnTarget(480, 270);
        using (var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            Task<H264Unit> waiting = second.NextAsync(quiet.Token).AsTask();
            Feed(broadcaster, small, VideoSignalState.Online);
            var failed = await Assert.ThrowsAsync<H264EncoderFailedException>(() => waiting);
            System.Console.Error.WriteLine($"refused size: {failed.Message}");
            Assert.NotNull(broadcaster.GetState().Error);
        }

        Assert.Equal(2, opens); // the restart of the first encoder failed, then one new encoder was tried at 480x270 (refused too)
        Type(wide, 'z');
        Feed(broadcaster, wide, VideoSignalState.Online);
        var back = await Next(first);
        AssertIntra(back, "the first frame after the refused size");
        Assert.Equal((800, 450), CodedFrameInspector.FwhtSize(back.Data.Span));
        Assert.Null(broadcaster.GetState().Error);
    }

    private static SimulatedTarget PoweredOnTarget(int width, int height)
    {
        var target = new SimulatedTarget(Options.Create(new SimulationOptions { ScreenWidth = width, ScreenHeight = height }), TimeProvider.System);
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        return target;
    }

    private static void AssertIntra(H264Unit unit, string what)
    {
        Assert.True(unit.KeyFrame, $"{what} is not flagged as a key frame");
        Assert.True(CodedFrameInspector.FwhtIntra(unit.Data.Span), $"{what} is not an intra frame in the bitstream");
    }

    private static void Feed(H264Broadcaster broadcaster, SimulatedTarget target, VideoSignalState state)
    {
        using var frame = new RawVideoFrame(VideoPixelFormat.Rgb24, target.Width, target.Height, target.Width * 3, target.Width * target.Height * 3, DateTimeOffset.UtcNow);
        target.RenderRgb24(frame.Buffer);
        broadcaster.OnRawFrame(frame, state);
    }

    private static async Task<H264Unit> Next(H264Subscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await subscription.NextAsync(timeout.Token);
    }

    private static void Type(SimulatedTarget target, char c)
    {
        foreach (byte[] report in HidReports.Type(c.ToString()))
        {
            target.KeyboardReport(report);
        }
    }
}
