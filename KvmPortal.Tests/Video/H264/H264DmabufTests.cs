using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.H264;
using Xunit;

namespace KvmPortal.Tests.Video.H264;

/// <summary>
/// The broadcaster's side of the live zero-copy path: pictures that arrive with their capture buffer are read in place by an
/// encoder opened for dmabuf input; each buffer is held until the next picture was encoded (the last one stays for forced key
/// frames); frames without a buffer and any refusal copy instead, and the buffers always go back.
/// </summary>
public class H264DmabufTests
{
    [Fact]
    public async Task LiveFrames_AreReadInPlace_HeldUntilTheNextPictureWasEncoded_TheLastOneServesAForcedKeyFrame()
    {
        var released = new List<int>();
        var encoders = new List<FakeDmabufEncoder>();
        var log = new FakeH264Encoder.Log();
        bool Held(int fd)
        {
            lock (released)
            {
                return !released.Contains(fd);
            }
        }

        using var h = new BroadcasterHarness(factory: settings =>
        {
            if (settings.DmabufInputFourcc is null)
            {
                return log.Create(settings);
            }

            var encoder = new FakeDmabufEncoder(log.Create(settings), Held);
            encoders.Add(encoder);
            return encoder;
        });
        using var a = h.Broadcaster.Subscribe("a");
        Feed(h, FakeDmabufEncoder.LeasedPicture(1, released));
        Assert.Equal(1, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        Feed(h, FakeDmabufEncoder.LeasedPicture(2, released));
        Assert.Equal(2, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        await StreamerHarness.WaitUntil(() => Released(released).SequenceEqual([1]), "buffer 1 back after picture 2 was encoded");

        // Static screen, a viewer joins: picture 2 is re-encoded as a key frame from its still-held buffer, by the same encoder.
        using var b = h.Broadcaster.Subscribe("b");
        var joined = await BroadcasterHarness.Next(b);
        Assert.True(joined.KeyFrame);
        Assert.Equal(2, joined.Data.Span[^1]);
        Assert.Same(joined, await BroadcasterHarness.Next(a));
        Assert.Equal(new (int, bool)[] { (1, true), (2, true), (2, true) }, Single(encoders).Reads);

        // A placeholder has no capture buffer: copied by a copy encoder, and the held buffer goes back.
        h.Feed(9, VideoSignalState.NoSignal);
        Assert.Equal(9, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        await StreamerHarness.WaitUntil(() => Released(released).SequenceEqual([1, 2]), "buffer 2 back after the placeholder");
        var state = h.Broadcaster.GetState();
        Assert.Equal((3L, 1L, 2L), (state.DmabufFrames, state.CopiedFrames, state.EncodersCreated));
        Assert.Null(state.DmabufFallback);
        log.Dispose();
    }

    [Fact]
    public async Task ImportRefusedAtQbuf_ThePictureIsCopiedByANewEncoder_LaterPicturesCopyToo_AndEveryBufferGoesBack()
    {
        var released = new List<int>();
        var log = new FakeH264Encoder.Log();
        var dmabufOpens = 0;
        using var h = new BroadcasterHarness(factory: settings =>
        {
            if (settings.DmabufInputFourcc is null)
            {
                return log.Create(settings);
            }

            dmabufOpens++;
            return new FakeDmabufEncoder(log.Create(settings), _ => true) { Refuse = FakeDmabufEncoder.QbufRefused() };
        });
        using var a = h.Broadcaster.Subscribe("a");
        Feed(h, FakeDmabufEncoder.LeasedPicture(1, released));
        var first = await BroadcasterHarness.Next(a);
        Assert.True(first.KeyFrame);
        Assert.Equal(1, first.Data.Span[^1]);
        Feed(h, FakeDmabufEncoder.LeasedPicture(2, released));
        Assert.Equal(2, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        await StreamerHarness.WaitUntil(() => Released(released).SequenceEqual([1, 2]), "both buffers back, not only " + string.Join(",", Released(released)));

        var state = h.Broadcaster.GetState();
        Assert.Equal(1, dmabufOpens); // refused once for this capture geometry: not tried for every frame
        Assert.Equal((0L, 2L), (state.DmabufFrames, state.CopiedFrames));
        Assert.Contains("QBUF (DMABUF)", state.DmabufFallback, StringComparison.Ordinal);
        Assert.Null(state.Error);
        log.Dispose();
    }

    [Fact]
    public async Task AnEncoderThatCannotOpenAtAll_DoesNotTurnImportOff_TheNextWorkingEncoderReadsInPlace()
    {
        var released = new List<int>();
        var log = new FakeH264Encoder.Log();
        var broken = true;
        using var h = new BroadcasterHarness(factory: settings =>
        {
            if (broken)
            {
                throw new V4l2Exception("open /dev/video11: No such device (errno 19)"); // neither dmabuf nor copy: not the import
            }

            return settings.DmabufInputFourcc is null ? log.Create(settings) : new FakeDmabufEncoder(log.Create(settings), _ => true);
        });
        using var a = h.Broadcaster.Subscribe("a");
        var waiting = BroadcasterHarness.Next(a); // waiting when the failure comes (a later wait is for the next attempt)
        Feed(h, FakeDmabufEncoder.LeasedPicture(1, released));
        await Assert.ThrowsAsync<H264EncoderFailedException>(() => waiting);
        Assert.Null(h.Broadcaster.GetState().DmabufFallback);

        broken = false;
        Feed(h, FakeDmabufEncoder.LeasedPicture(2, released));
        Assert.Equal(2, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        var state = h.Broadcaster.GetState();
        Assert.Equal((1L, 0L), (state.DmabufFrames, state.CopiedFrames));
        Assert.Null(state.DmabufFallback);
        Assert.Null(state.Error);
        log.Dispose();
    }

    [Fact]
    public async Task AnEncoderThatCannotImport_CopiesAndSaysWhy()
    {
        var released = new List<int>();
        using var h = new BroadcasterHarness(); // the fake H.264 encoder: copies only, like openh264
        using var a = h.Broadcaster.Subscribe("a");
        Feed(h, FakeDmabufEncoder.LeasedPicture(1, released));
        Assert.Equal(1, (await BroadcasterHarness.Next(a)).Data.Span[^1]);
        await StreamerHarness.WaitUntil(() => Released(released).SequenceEqual([1]), "the buffer back at once");
        var state = h.Broadcaster.GetState();
        Assert.Equal((0L, 1L), (state.DmabufFrames, state.CopiedFrames));
        Assert.Equal("fake h264 does not import dmabufs", state.DmabufFallback);
        Assert.Equal(1, h.Encoder.Created);
    }

    [Fact]
    public void UnwatchedFrames_LeaveTheirBufferForTheStreamerToGiveBack()
    {
        var released = new List<int>();
        using var h = new BroadcasterHarness();
        using var frame = FakeDmabufEncoder.LeasedPicture(1, released);
        h.Broadcaster.OnRawFrame(frame, VideoSignalState.Online);
        Assert.True(frame.HasCaptureBuffer);
        frame.ReleaseCaptureBuffer();
        Assert.Equal([1], Released(released));
    }

    private static void Feed(BroadcasterHarness h, RawVideoFrame frame)
    {
        using (frame)
        {
            h.Broadcaster.OnRawFrame(frame, VideoSignalState.Online);
            frame.ReleaseCaptureBuffer(); // as the streamer does after handling a frame: only a buffer nobody took goes back
        }
    }

    private static FakeDmabufEncoder Single(List<FakeDmabufEncoder> encoders) => Assert.Single(encoders);

    private static int[] Released(List<int> released)
    {
        lock (released)
        {
            return [.. released];
        }
    }
}
