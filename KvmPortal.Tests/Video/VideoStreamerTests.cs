using KvmPortal.Hardware.Video;
using Xunit;

namespace KvmPortal.Tests.Video;

public class VideoStreamerTests
{
    [Fact]
    public async Task NoViewers_FramesCaptured_NothingEncoded()
    {
        using var h = new StreamerHarness();
        for (byte i = 1; i <= 3; i++)
        {
            h.Source.PushFrame(StreamerHarness.Picture(i));
        }

        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().FramesCaptured == 3, "3 frames captured");
        var state = h.Streamer.GetState();
        Assert.Equal(0, state.EncodesPerformed);
        Assert.Equal(3, state.FramesUnwatched);
        Assert.Null(h.Streamer.Latest);
    }

    [Fact]
    public async Task UnchangedPicture_IsNotEncodedAgain()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Source.PushFrame(StreamerHarness.Picture(7));
        h.Source.PushFrame(StreamerHarness.Picture(7)); // same bytes, new buffer
        h.Source.PushFrame(StreamerHarness.Picture(7));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().FramesCaptured == 3, "3 frames captured");
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 1, "first encode");
        Assert.Equal(2, h.Streamer.GetState().FramesUnchanged);

        h.Source.PushFrame(StreamerHarness.Picture(8));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 2, "changed picture encoded");
        Assert.Equal([7, 8], h.Encoder.Encoded.Select(e => (int)e.FirstByte));
    }

    [Fact]
    public async Task SameSourceVersion_SkipsEncodeWithoutComparingBytes()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Source.PushFrame(StreamerHarness.Picture(1), version: 5);
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 1, "first encode");
        h.Source.PushFrame(StreamerHarness.Picture(2), version: 5); // different bytes, but the source vouches for "same picture"
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().FramesCaptured == 2, "2 frames captured");
        Assert.Equal(1, h.Streamer.GetState().FramesUnchanged);
        h.Source.PushFrame(StreamerHarness.Picture(3), version: 6);
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 2, "two encodes");
        Assert.Equal([1, 3], h.Encoder.Encoded.Select(e => (int)e.FirstByte));
    }

    [Fact]
    public async Task BusyWorker_OnlyNewestPendingFrameIsEncoded()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Encoder.Gate.Wait(); // hold the single worker inside its first encode
        h.Source.PushFrame(StreamerHarness.Picture(1));
        await h.Encoder.Started.WaitAsync(TimeSpan.FromSeconds(10));
        for (byte i = 2; i <= 4; i++)
        {
            h.Source.PushFrame(StreamerHarness.Picture(i));
        }

        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().FramesCaptured == 4, "4 frames captured");
        h.Encoder.Gate.Release();
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 2, "two encodes");

        Assert.Equal([1, 4], h.Encoder.Encoded.Select(e => (int)e.FirstByte));
        var latest = await h.Streamer.WaitNextAsync(0, CancellationToken.None);
        Assert.Equal(4, latest.Data.Span[2]);
    }

    [Fact]
    public async Task StalledConsumer_DoesNotBlockOthers_AndGetsNewestNotBacklog()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Source.PushFrame(StreamerHarness.Picture(1));
        JpegFrame stalledHas = await h.Streamer.WaitNextAsync(0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        long activeHas = stalledHas.Sequence;
        for (byte i = 2; i <= 6; i++)
        {
            var next = h.Streamer.WaitNextAsync(activeHas, CancellationToken.None);
            h.Source.PushFrame(StreamerHarness.Picture(i));
            JpegFrame frame = await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(i, frame.Data.Span[2]);
            activeHas = frame.Sequence;
        }

        // The stalled consumer comes back: it gets the newest frame at once, not frame 2.
        Task<JpegFrame> resumed = h.Streamer.WaitNextAsync(stalledHas.Sequence, CancellationToken.None).AsTask();
        Assert.True(resumed.IsCompleted);
        Assert.Equal(6, (await resumed).Data.Span[2]);
        Assert.Equal(activeHas, (await resumed).Sequence);
    }

    [Fact]
    public async Task QualityChange_ReencodesUnchangedPicture()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Source.PushFrame(StreamerHarness.Picture(3));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 1, "first encode");

        h.Streamer.JpegQuality = 55;
        h.Source.PushFrame(StreamerHarness.Picture(3));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 2, "re-encode after quality change");
        Assert.Equal(55, h.Encoder.Encoded.Last().Quality);
    }

    [Fact]
    public async Task IdleStop_StopsSourceAfterConfiguredTime_AndRestartsForNewViewer()
    {
        using var h = new StreamerHarness(new VideoOptions { Workers = 1, DesiredFps = 0, IdleStopSeconds = 10 });
        var viewer = h.Streamer.AddViewer("test");
        h.Source.PushFrame(StreamerHarness.Picture(1));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 1, "encode");
        viewer.Dispose();

        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Source.PushFrame(StreamerHarness.Picture(2));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().FramesCaptured == 2, "capture continues within idle window");
        Assert.Equal(0, h.Source.StopCount);

        h.Time.Advance(TimeSpan.FromSeconds(6));
        h.Source.PushFrame(StreamerHarness.Picture(3));
        await StreamerHarness.WaitUntil(() => h.Source.StopCount == 1, "source stopped");
        Assert.False(h.Streamer.GetState().Capturing);

        using var again = h.Streamer.AddViewer("back");
        h.Source.PushFrame(StreamerHarness.Picture(4));
        await StreamerHarness.WaitUntil(() => h.Streamer.GetState().EncodesPerformed == 2, "encodes again");
    }

    [Fact]
    public async Task NoSignal_PublishesPlaceholderJpeg()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("test");
        h.Source.Push(VideoCaptureResult.FromState(VideoSignalState.NoSignal));

        JpegFrame frame = await h.Streamer.WaitNextAsync(0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VideoSignalState.NoSignal, frame.State);
        Assert.True(frame.IsPlaceholder);
        var header = JpegInspector.ReadHeader(frame.Data.Span);
        Assert.Equal((1280, 720), (header.Width, header.Height));
        Assert.Equal(VideoSignalState.NoSignal, h.Streamer.GetState().State);
        Assert.Equal(0, h.Streamer.GetState().EncodesPerformed);
    }

    [Fact]
    public async Task Snapshot_WithoutViewers_CapturesAndEncodes()
    {
        using var h = new StreamerHarness(new VideoOptions { Workers = 2, DesiredFps = 0, IdleStopSeconds = 0 }, realEncoder: true);
        Task<JpegFrame> snapshot = h.Streamer.GetSnapshotAsync(CancellationToken.None);
        byte[] rgb = SyntheticFrames.CreateRgb24(64, 48);
        h.Source.Push(VideoCaptureResult.FromFrame(RawVideoFrame.Wrap(rgb, VideoPixelFormat.Rgb24, 64, 48, 0, h.Time.GetUtcNow())));

        JpegFrame frame = await snapshot.WaitAsync(TimeSpan.FromSeconds(10));

        var header = JpegInspector.ReadHeader(frame.Data.Span);
        Assert.Equal((64, 48), (header.Width, header.Height));
        Assert.Equal(h.Time.GetUtcNow(), frame.CaptureTimestamp);
        await StreamerHarness.WaitUntil(() => h.Streamer.ViewerCount == 0, "snapshot lease released");
    }

    [Fact]
    public async Task ViewerCounters_AreReportedInState()
    {
        using var h = new StreamerHarness();
        using var viewer = h.Streamer.AddViewer("client-a");
        h.Source.PushFrame(StreamerHarness.Picture(1));
        viewer.MarkDelivered(await h.Streamer.WaitNextAsync(0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var state = h.Streamer.GetState();
        var reported = Assert.Single(state.Viewers);
        Assert.Equal("client-a", reported.Name);
        Assert.Equal(1, reported.FramesDelivered);
    }
}
