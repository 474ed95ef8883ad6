using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using Xunit;

namespace KvmPortal.Tests.Video.H264;

/// <summary>
/// A lasting encoder failure (the encode fails, and so does the retry with a new encoder) reaches the viewers as an
/// <see cref="H264EncoderFailedException"/> with the reason instead of an endless wait, shows in the state, and clears when a
/// joining viewer's new attempt works.
/// </summary>
public class H264FailureTests
{
    [Fact]
    public async Task EncoderAndRetryFail_WaitingViewerGetsTheReason_StateSaysWhy_AJoiningViewerTriesAgain()
    {
        using var device = new EncoderDevice();
        using var h = new BroadcasterHarness(factory: device.Open);
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1); // a has not waited yet: if the failure comes first, its join makes the encoder try again (and fail again)
        var failure = await Assert.ThrowsAsync<H264EncoderFailedException>(() => BroadcasterHarness.Next(a));
        Assert.Contains("No such device", failure.Message, StringComparison.Ordinal);
        Assert.Contains("No such device", h.Broadcaster.GetState().Error, StringComparison.Ordinal);
        Assert.Equal(0, h.Broadcaster.GetState().Units);

        // The encoder works again: the next viewer to join makes the broadcaster try again, on the last picture, as a key frame.
        device.Gone = false;
        using var b = h.Broadcaster.Subscribe("b");
        var unit = await BroadcasterHarness.Next(b);
        Assert.True(unit.KeyFrame);
        Assert.Equal(1, unit.Data.Span[^1]);
        Assert.Null(h.Broadcaster.GetState().Error);
    }

    /// <summary>
    /// A viewer whose wait ended in a failure has received nothing: its next wait joins again, so a picture encoded before that wait
    /// still reaches it as the current key frame (it waited for the unit after it before, and on a static screen for ever:
    /// H264DmabufTests.AnEncoderThatCannotOpenAtAll_… failed so in 2 of about 20 loaded runs).
    /// </summary>
    [Fact]
    public async Task AViewerWhoseWaitFailed_GetsThePictureEncodedBeforeItWaitsAgain()
    {
        using var device = new EncoderDevice();
        using var h = new BroadcasterHarness(factory: device.Open);
        using var a = h.Broadcaster.Subscribe("a");
        var waiting = BroadcasterHarness.Next(a);
        h.Feed(1);
        await Assert.ThrowsAsync<H264EncoderFailedException>(() => waiting);

        device.Gone = false;
        h.Feed(2);
        await StreamerHarness.WaitUntil(() => h.Broadcaster.GetState().Units == 1, "the picture to be encoded before a waits again");
        var unit = await BroadcasterHarness.Next(a);
        Assert.True(unit.KeyFrame);
        Assert.Equal(2, unit.Data.Span[^1]);
    }

    /// <summary>
    /// A viewer's wait takes the next unit's task and the failure's together (one lock): with two separate reads, a failure in
    /// between completed a failure task the viewer never saw, and it waited for a unit that never came (a loaded run: 10 s, then
    /// TaskCanceledException instead of the reason; a stress loop of the test above hung 2 times in 21,843 before, 0 in 22,430 after).
    /// </summary>
    [Fact]
    public async Task FailureRightAfterAJoin_ReachesThatJoin()
    {
        using var opening = new SemaphoreSlim(0);
        using var h = new BroadcasterHarness(factory: _ =>
        {
            opening.Wait(TimeSpan.FromSeconds(30));
            throw new V4l2Exception("open /dev/video11: No such device (errno 19)");
        });
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1); // the encoder thread now waits in the factory: no failure yet
        var (current, next, failure) = h.Broadcaster.Join(); // what a's first NextAsync takes
        Assert.Null(current);
        Assert.False(failure.IsCompleted);

        opening.Release(2); // the encoder and its retry fail
        Assert.Contains("No such device", await failure.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task FailureWhileViewersWatch_EndsTheirWait_AndAFirstFailureThatTheRetryFixesIsNoFailure()
    {
        int opens = 0;
        var log = new FakeH264Encoder.Log();
        using var h = new BroadcasterHarness(factory: settings => ++opens == 2
            ? throw new InvalidOperationException("openh264 Initialize failed with 3")
            : log.Create(settings));
        log.RefuseRestartToWidth = 32;
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        Assert.True((await BroadcasterHarness.Next(a)).KeyFrame);

        // The running encoder refuses the new size, the new encoder fails to open: the viewer hears why.
        var waiting = BroadcasterHarness.Next(a); // waiting when the failure comes (a later wait is for the next attempt)
        h.Feed(2, width: 32, height: 16);
        var failure = await Assert.ThrowsAsync<H264EncoderFailedException>(() => waiting);
        Assert.Contains("Initialize failed", failure.Message, StringComparison.Ordinal);

        // A later picture encodes (a third encoder opens): the error is gone.
        using var b = h.Broadcaster.Subscribe("b");
        var back = await BroadcasterHarness.Next(b);
        Assert.True(back.KeyFrame);
        Assert.Null(h.Broadcaster.GetState().Error);
        Assert.Equal(3, opens);
        log.Dispose();
    }

    /// <summary>An encoder device that is gone (opening it fails with ENODEV) until <see cref="Gone"/> is cleared; then fake encoders.</summary>
    private sealed class EncoderDevice : IDisposable
    {
        private readonly FakeH264Encoder.Log _log = new();

        public bool Gone { get; set; } = true;

        public IVideoEncoder Open(VideoEncoderSettings settings) =>
            Gone ? throw new V4l2Exception("open /dev/video11: No such device (errno 19)") : _log.Create(settings);

        public void Dispose() => _log.Dispose();
    }
}
