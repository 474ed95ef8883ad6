using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Video;

public class MjpegPassthroughTests
{
    [Fact]
    public async Task MjpegSourceWithoutDht_IsPublishedWithStandardTable_NotReencoded()
    {
        byte[] original;
        using (var encoder = new JpegEncoder())
        {
            original = encoder.EncodeToArray(SyntheticFrames.CreateRgb24(320, 240), VideoPixelFormat.Rgb24, 320, 240, 0, 70);
        }

        byte[] dongleFrame = RemoveDht(original);
        Assert.False(MjpegHuffman.HasHuffmanTable(dongleFrame));

        using var source = new FakeVideoSource { DeliversJpeg = true };
        var options = Options.Create(new VideoOptions { DesiredFps = 0, IdleStopSeconds = -1, Workers = 4 });
        using var streamer = new VideoStreamer(source, options, new ManualTimeProvider(), NullLogger<VideoStreamer>.Instance);
        await streamer.StartAsync(CancellationToken.None);
        Assert.Equal(1, streamer.WorkerCount); // passthrough needs no encoder pool

        using var viewer = streamer.AddViewer("test");
        source.Push(VideoCaptureResult.FromFrame(RawVideoFrame.Wrap(dongleFrame, VideoPixelFormat.Mjpeg, 320, 240, 0, DateTimeOffset.UnixEpoch)));
        JpegFrame frame = await streamer.WaitNextAsync(0, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(MjpegHuffman.HasHuffmanTable(frame.Data.Span));
        Assert.Equal(dongleFrame.Length + MjpegHuffman.StandardSegment.Length, frame.Data.Length);
        Assert.Equal(JpegInspector.DecodeRgb24(original, out _), JpegInspector.DecodeRgb24(frame.Data.Span, out _));
    }

    private static byte[] RemoveDht(byte[] jpeg)
    {
        var output = new List<byte> { 0xFF, 0xD8 };
        int i = 2;
        while (jpeg[i + 1] != 0xDA)
        {
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (jpeg[i + 1] != 0xC4)
            {
                output.AddRange(jpeg.AsSpan(i, length + 2).ToArray());
            }

            i += length + 2;
        }

        output.AddRange(jpeg.AsSpan(i).ToArray());
        return [.. output];
    }
}
