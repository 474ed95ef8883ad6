using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using Xunit;

namespace KvmPortal.Tests.Video.H264;

public class H264BroadcasterTests
{
    private static List<int> NalTypes(H264Unit unit) => CodedFrameInspector.H264NalTypes(unit.Data.Span);

    /// <summary>Subscribes viewer "a", feeds picture 1 and returns the subscription once its first unit has been read.</summary>
    private static async Task<H264Subscription> WatchFirstPictureAsync(BroadcasterHarness h)
    {
        var a = h.Broadcaster.Subscribe("a");
        try
        {
            h.Feed(1);
            await BroadcasterHarness.Next(a);
            return a;
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task FirstUnitOfANewViewer_IsAKeyFrameWithParameterSets()
    {
        using var h = new BroadcasterHarness();
        using var viewer = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        var first = await BroadcasterHarness.Next(viewer);
        Assert.True(first.KeyFrame);
        Assert.Equal([7, 8, 5], NalTypes(first));
        h.Feed(2);
        var second = await BroadcasterHarness.Next(viewer);
        Assert.False(second.KeyFrame);
        Assert.Equal([1], NalTypes(second));
        Assert.Equal(2, second.Data.Span[^1]);
        Assert.False(h.Encoder.Calls.Last().Forced); // joining while the first frame was encoded forced nothing more
    }

    [Fact]
    public async Task ViewerJoiningMidStream_GetsAForcedKeyFrameOfTheCurrentPicture_NeverAPFrame()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        h.Feed(2);
        Assert.False((await BroadcasterHarness.Next(a)).KeyFrame);

        // Static screen from here on: the join re-encodes the last picture as a key frame; both viewers get that one unit.
        using var b = h.Broadcaster.Subscribe("b");
        var joined = await BroadcasterHarness.Next(b);
        Assert.True(joined.KeyFrame);
        Assert.Equal([7, 8, 5], NalTypes(joined));
        Assert.Equal(2, joined.Data.Span[^1]);
        Assert.Same(joined, await BroadcasterHarness.Next(a));
        Assert.Equal(3, h.Encoder.Calls.Count); // encoded once for both viewers
    }

    [Fact]
    public async Task ViewerJoiningWhenTheNewestUnitIsAKeyFrameOfTheCurrentPicture_GetsItWithoutANewEncode()
    {
        using var h = new BroadcasterHarness();
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        var key = await BroadcasterHarness.Next(a);
        using var b = h.Broadcaster.Subscribe("b");
        Assert.Same(key, await BroadcasterHarness.Next(b));
        Assert.Single(h.Encoder.Calls);
    }

    [Fact]
    public async Task TwoViewers_ShareEveryUnit_EncodedOnce()
    {
        using var h = new BroadcasterHarness();
        using var a = h.Broadcaster.Subscribe("a");
        using var b = h.Broadcaster.Subscribe("b");
        h.Feed(1);
        var a1 = await BroadcasterHarness.Next(a);
        Assert.Same(a1, await BroadcasterHarness.Next(b));
        h.Feed(2);
        var a2 = await BroadcasterHarness.Next(a);
        Assert.Same(a2, await BroadcasterHarness.Next(b));
        Assert.Equal(2, h.Encoder.Calls.Count);
        Assert.Equal(1, h.Encoder.Created);
        Assert.Equal(2, h.Broadcaster.GetState().Units);
    }

    [Fact]
    public async Task PauseLongerThanHalfASecond_MakesTheNextFrameAKeyFrame_ShorterPauseDoesNot()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        h.Time.Advance(TimeSpan.FromMilliseconds(400));
        h.Feed(2);
        Assert.False((await BroadcasterHarness.Next(a)).KeyFrame);
        h.Time.Advance(TimeSpan.FromMilliseconds(501));
        h.Feed(3);
        var afterPause = await BroadcasterHarness.Next(a);
        Assert.True(afterPause.KeyFrame);
        Assert.Equal(3, afterPause.Data.Span[^1]);
    }

    [Fact]
    public async Task SignalChange_DrainsTheEncoderAndStartsWithAKeyFrame()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        h.Feed(9, VideoSignalState.NoSignal); // the streamer's placeholder picture
        var placeholder = await BroadcasterHarness.Next(a);
        Assert.True(placeholder.KeyFrame);
        Assert.Equal(VideoSignalState.NoSignal, placeholder.State);
        Assert.Equal(1, h.Encoder.Drains);
        h.Feed(2);
        var back = await BroadcasterHarness.Next(a);
        Assert.True(back.KeyFrame);
        Assert.Equal(VideoSignalState.Online, back.State);
        Assert.Equal(2, h.Encoder.Drains);
    }

    [Fact]
    public async Task ResolutionChange_GivesAKeyFrameAtTheNewSize()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        h.Feed(2, width: 32, height: 16);
        var resized = await BroadcasterHarness.Next(a);
        Assert.True(resized.KeyFrame);
        Assert.Equal((32, 16), (resized.Width, resized.Height));
        Assert.True(h.Encoder.Calls.Last().Forced);
    }

    [Fact]
    public async Task ResolutionChangeTheEncoderRefuses_IsEncodedByANewEncoderAtTheNewSize_NotLost()
    {
        using var h = new BroadcasterHarness();
        h.Encoder.RefuseRestartToWidth = 32;
        using var a = await WatchFirstPictureAsync(h);
        h.Feed(2, width: 32, height: 16); // a static screen: no later picture would rescue a lost one
        var resized = await BroadcasterHarness.Next(a);
        Assert.True(resized.KeyFrame);
        Assert.Equal((32, 16), (resized.Width, resized.Height));
        Assert.Equal(2, resized.Data.Span[^1]);
        Assert.Equal(2, h.Encoder.Created);
        Assert.Equal((32, 16), (h.Encoder.Settings[1].Width, h.Encoder.Settings[1].Height));
        Assert.Equal(1, h.Encoder.Disposed);
    }

    [Fact]
    public async Task SettingsChange_RecreatesTheEncoderWithTheNewBitrateAndGop_AndStartsWithAKeyFrame()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        h.Broadcaster.BitrateKbps = 1234;
        h.Broadcaster.Gop = 10;
        h.Feed(2);

        // Each property applies at once (the last picture re-encoded as a key frame by a new encoder), so two changes may give one or
        // two rebuilds; frame 2 comes after both and must be encoded with both values.
        var unit = await BroadcasterHarness.Next(a);
        Assert.True(unit.KeyFrame);
        while (unit.Data.Span[^1] != 2)
        {
            unit = await BroadcasterHarness.Next(a);
        }

        Assert.InRange(h.Encoder.Created, 2, 3);
        Assert.Equal((1234, 10), (h.Encoder.Settings[^1].BitrateKbps, h.Encoder.Settings[^1].Gop));
        Assert.Equal(h.Encoder.Created - 1, h.Encoder.Disposed);
    }

    [Fact]
    public async Task SlowViewer_SkipsToTheNextKeyFrameInsteadOfWorkingThroughTheBacklog()
    {
        using var h = new BroadcasterHarness(new H264Options { MaxLagFrames = 3 });
        using var fast = h.Broadcaster.Subscribe("fast");
        using var slow = h.Broadcaster.Subscribe("slow");
        h.Feed(1);
        Assert.True((await BroadcasterHarness.Next(slow)).KeyFrame);
        Assert.True((await BroadcasterHarness.Next(fast)).KeyFrame);
        for (byte m = 2; m <= 10; m++)
        {
            h.Feed(m);
            Assert.False((await BroadcasterHarness.Next(fast)).KeyFrame); // the fast viewer keeps up; the slow one reads nothing
        }

        var callsBefore = h.Encoder.Calls.Count;
        var resumed = BroadcasterHarness.Next(slow); // it reads unit 2, sees it is 8 behind: waits for a forced key frame
        var key = await resumed;
        Assert.True(key.KeyFrame);
        Assert.Equal(10, key.Data.Span[^1]); // the current picture re-encoded, not picture 2
        Assert.Equal(1, slow.Skips);
        Assert.Equal(callsBefore + 1, h.Encoder.Calls.Count);
        Assert.Same(key, await BroadcasterHarness.Next(fast));
    }

    [Fact]
    public async Task SlowViewer_JumpsToANewerKeyFrameWhenOneExists()
    {
        using var h = new BroadcasterHarness(new H264Options { MaxLagFrames = 3 });
        using var slow = h.Broadcaster.Subscribe("slow");
        h.Feed(1);
        await BroadcasterHarness.Next(slow);
        using var fast = h.Broadcaster.Subscribe("fast");
        for (byte m = 2; m <= 8; m++)
        {
            if (m == 5)
            {
                h.Broadcaster.RequestKeyFrame();
            }

            h.Feed(m);
            await BroadcasterHarness.Next(fast);
        }

        var jumped = await BroadcasterHarness.Next(slow);
        Assert.True(jumped.KeyFrame);
        Assert.Equal(5, jumped.Data.Span[^1]);
    }

    [Fact]
    public async Task BusyEncoder_OnlyTheNewestWaitingPictureIsEncoded()
    {
        using var h = new BroadcasterHarness();
        using var a = await WatchFirstPictureAsync(h);
        await h.Encoder.Gate.WaitAsync();
        h.Feed(2);
        await StreamerHarness.WaitUntil(() => h.Encoder.Gate.CurrentCount == 0 && h.Broadcaster.GetState().Units == 1, "encoder blocked");
        h.Feed(3);
        h.Feed(4);
        h.Encoder.Gate.Release();
        var units = new List<byte> { (await BroadcasterHarness.Next(a)).Data.Span[^1] };
        if (units[0] != 4)
        {
            units.Add((await BroadcasterHarness.Next(a)).Data.Span[^1]);
        }

        Assert.Equal(4, units[^1]);
        Assert.DoesNotContain((byte)3, h.Encoder.Calls.Select(c => c.Marker));
    }

    [Fact]
    public async Task NoViewers_NothingIsEncoded_AndAJoinAfterAChangeGetsTheNewPicture()
    {
        using var h = new BroadcasterHarness();
        var a = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        Assert.True((await BroadcasterHarness.Next(a)).KeyFrame);
        a.Dispose();
        h.Feed(2);
        h.Feed(3);
        await Task.Delay(50);
        Assert.Single(h.Encoder.Calls);
        using var b = h.Broadcaster.Subscribe("b");
        var joined = await BroadcasterHarness.Next(b);
        Assert.True(joined.KeyFrame);
        Assert.Equal(3, joined.Data.Span[^1]);
    }

    [Fact]
    public async Task ThroughThePipeline_OnlyH264Viewers_NoJpegEncode_AndAJpegViewerJoiningGetsAFreshPicture()
    {
        using var h = new BroadcasterHarness();
        using var a = h.Broadcaster.Subscribe("a");
        h.Streamer.Source.PushFrame(BroadcasterHarness.Picture(5).Data.ToArray(), width: 16, height: 16);
        var unit = await BroadcasterHarness.Next(a);
        Assert.True(unit.KeyFrame);
        Assert.Equal(5, unit.Data.Span[^1]);
        Assert.Equal(0, h.Streamer.Streamer.GetState().EncodesPerformed);

        using var jpeg = h.Streamer.Streamer.AddViewer("jpeg");
        h.Streamer.Source.PushFrame(BroadcasterHarness.Picture(5).Data.ToArray(), width: 16, height: 16); // unchanged, but the JPEG is stale: encoded
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var frame = await h.Streamer.Streamer.WaitNextAsync(0, timeout.Token);
        Assert.Equal(5, frame.Data.Span[2]);
        Assert.Equal(1, h.Streamer.Streamer.GetState().EncodesPerformed);
    }
}
