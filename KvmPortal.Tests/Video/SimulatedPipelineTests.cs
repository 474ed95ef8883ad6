using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Video;

public class SimulatedPipelineTests
{
    [Fact]
    public async Task StaticSimulatedScreen_CapturesKeepRunning_EncodesStayAtOne_ThenPowerOffShowsNoSignal()
    {
        var display = new Display();
        var time = new ManualTimeProvider();
        using var source = new SimulatedVideoSource(display, time);
        var options = Options.Create(new VideoOptions { DesiredFps = 30, IdleStopSeconds = -1, Workers = 2, RetryMilliseconds = 100 });
        using var streamer = new VideoStreamer(source, options, time, NullLogger<VideoStreamer>.Instance);
        using var viewer = streamer.AddViewer("test"); // before start: the first capture happens without waiting for the manual clock
        await streamer.StartAsync(CancellationToken.None);

        JpegFrame first = await streamer.WaitNextAsync(0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((96, 64), (JpegInspector.ReadHeader(first.Data.Span).Width, JpegInspector.ReadHeader(first.Data.Span).Height));

        await Frames(streamer, time, 10);
        Assert.Equal(1, streamer.GetState().EncodesPerformed);
        Assert.True(streamer.GetState().FramesUnchanged >= 9);
        Assert.Equal(1, display.Renders); // the simulated source re-renders only when FrameVersion changes

        display.Version++;
        var next = streamer.WaitNextAsync(first.Sequence, CancellationToken.None);
        await Frames(streamer, time, 1);
        JpegFrame changed = await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(VideoSignalState.Online, changed.State);
        Assert.Equal(2, streamer.GetState().EncodesPerformed);

        display.HasSignal = false;
        var off = streamer.WaitNextAsync(changed.Sequence, CancellationToken.None);
        await Frames(streamer, time, 1, countCaptures: false);
        Assert.Equal(VideoSignalState.NoSignal, (await off.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).State);
    }

    /// <summary>Advances the manual clock one frame interval at a time and waits until the capture thread took each frame.</summary>
    private static async Task Frames(VideoStreamer streamer, ManualTimeProvider time, int count, bool countCaptures = true)
    {
        for (int i = 0; i < count; i++)
        {
            long before = streamer.GetState().FramesCaptured;
            time.Advance(TimeSpan.FromSeconds(1.0 / 30));
            if (countCaptures)
            {
                await StreamerHarness.WaitUntil(() => streamer.GetState().FramesCaptured > before, "next capture");
            }
        }
    }

    private sealed class Display : ISimulatedDisplay
    {
        private int _renders;

        public long Version { get; set; } = 1;

        public int Renders => Volatile.Read(ref _renders);

        public long FrameVersion => Version;

        public bool HasSignal { get; set; } = true;

        public int Width => 96;

        public int Height => 64;

        public long RenderRgb24(Span<byte> destination)
        {
            Interlocked.Increment(ref _renders);
            destination.Fill((byte)(Version * 40));
            return Version;
        }
    }
}
