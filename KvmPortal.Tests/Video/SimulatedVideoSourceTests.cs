using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Video;

public class SimulatedVideoSourceTests
{
    [Fact]
    public void RendersOnlyWhenVersionChanges_AndReportsNoSignalWhenOff()
    {
        var display = new TestDisplay();
        var time = new ManualTimeProvider();
        using var source = new SimulatedVideoSource(display, time);
        var request = new VideoCaptureRequest(0, 0, 30);

        using (var first = source.Capture(request, CancellationToken.None).Frame!)
        {
            Assert.Equal((64, 32, VideoPixelFormat.Rgb24), (first.Width, first.Height, first.Format));
            Assert.Equal(1, first.Version);
            Assert.Equal(1, first.Data[0]);
        }

        time.Advance(TimeSpan.FromSeconds(1.0 / 30));
        using (var second = source.Capture(request, CancellationToken.None).Frame!)
        {
            Assert.Equal(1, second.Version);
        }

        Assert.Equal(1, display.Renders);

        display.Version = 2;
        time.Advance(TimeSpan.FromSeconds(1.0 / 30));
        using (var third = source.Capture(request, CancellationToken.None).Frame!)
        {
            Assert.Equal(2, third.Version);
            Assert.Equal(2, third.Data[0]);
        }

        Assert.Equal(2, display.Renders);

        display.HasSignal = false;
        time.Advance(TimeSpan.FromSeconds(1.0 / 30));
        var off = source.Capture(request, CancellationToken.None);
        Assert.Null(off.Frame);
        Assert.Equal(VideoSignalState.NoSignal, off.State);
    }

    [Fact]
    public void DisabledSource_ReportsDisabled()
    {
        using var source = new DisabledVideoSource();
        Assert.Equal(VideoSignalState.Disabled, source.Capture(new VideoCaptureRequest(0, 0, 0), CancellationToken.None).State);
    }

    private sealed class TestDisplay : ISimulatedDisplay
    {
        public long Version { get; set; } = 1;

        public int Renders { get; private set; }

        public long FrameVersion => Version;

        public bool HasSignal { get; set; } = true;

        public int Width => 64;

        public int Height => 32;

        public long RenderRgb24(Span<byte> destination)
        {
            Renders++;
            destination.Fill((byte)Version);
            return Version;
        }
    }
}
