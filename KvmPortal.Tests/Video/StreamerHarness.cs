using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Video;

/// <summary>A started streamer over a fake source, a recording encoder and a manual clock.</summary>
internal sealed class StreamerHarness : IDisposable
{
    public StreamerHarness(VideoOptions? options = null, bool realEncoder = false)
    {
        options ??= new VideoOptions { Workers = 1, DesiredFps = 0, IdleStopSeconds = -1 };
        Streamer = realEncoder
            ? new VideoStreamer(Source, Options.Create(options), Time, NullLogger<VideoStreamer>.Instance)
            : new VideoStreamer(Source, Options.Create(options), Time, NullLogger<VideoStreamer>.Instance, () => new RecordingEncoder(Encoder));
        Streamer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public FakeVideoSource Source { get; } = new();

    public ManualTimeProvider Time { get; } = new();

    public RecordingEncoder.Shared Encoder { get; } = new();

    public VideoStreamer Streamer { get; }

    /// <summary>Polls a condition (the pipeline runs on its own threads); fails after a generous bound instead of hanging.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (int i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        if (!condition())
        {
            throw new TimeoutException("Condition never held: " + what);
        }
    }

    public static byte[] Picture(byte marker)
    {
        var data = new byte[16 * 8 * 3];
        data.AsSpan().Fill(marker);
        return data;
    }

    public void Dispose()
    {
        Streamer.Dispose();
        Source.Dispose();
        Encoder.Dispose();
    }
}
