using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Video.H264;

/// <summary>A broadcaster over the test streamer (fake source, manual clock) and a fake H.264 encoder; pictures are fed by hand.</summary>
internal sealed class BroadcasterHarness : IDisposable
{
    public BroadcasterHarness(H264Options? options = null, Func<Hardware.Video.Encoders.VideoEncoderSettings, Hardware.Video.Encoders.IVideoEncoder>? factory = null)
    {
        Broadcaster = new H264Broadcaster(
            Streamer.Streamer, Options.Create(options ?? new H264Options()), Streamer.Time, NullLogger<H264Broadcaster>.Instance, factory ?? Encoder.Create);
    }

    public StreamerHarness Streamer { get; } = new();

    public FakeH264Encoder.Log Encoder { get; } = new();

    public H264Broadcaster Broadcaster { get; }

    public Support.ManualTimeProvider Time => Streamer.Time;

    public static RawVideoFrame Picture(byte marker, int width = 16, int height = 16)
    {
        var data = new byte[width * height * 3];
        data.AsSpan().Fill(marker);
        return RawVideoFrame.Wrap(data, VideoPixelFormat.Rgb24, width, height, width * 3, DateTimeOffset.UnixEpoch);
    }

    public void Feed(byte marker, VideoSignalState state = VideoSignalState.Online, int width = 16, int height = 16)
    {
        using var frame = Picture(marker, width, height);
        Broadcaster.OnRawFrame(frame, state);
    }

    public static async Task<H264Unit> Next(H264Subscription viewer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await viewer.NextAsync(timeout.Token);
    }

    public void Dispose()
    {
        Broadcaster.Dispose();
        Streamer.Dispose();
        Encoder.Dispose();
    }
}
