namespace KvmPortal.Hardware.Video;

/// <summary>
/// A paced synthetic source for the benchmark: delivers RGB24 frames at a fixed rate, either always the same picture
/// (in two separate buffers, so change detection really compares bytes) or alternating between two different pictures.
/// </summary>
internal sealed class BenchmarkVideoSource(byte[] first, byte[] second, int width, int height, int fps, TimeProvider timeProvider) : IVideoSource
{
    private long _next = long.MinValue;
    private int _count;

    public string Name => "benchmark";

    public bool DeliversJpeg => false;

    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        long frequency = timeProvider.TimestampFrequency;
        long now = timeProvider.GetTimestamp();
        if (_next == long.MinValue)
        {
            _next = now;
        }

        if (_next > now)
        {
            Task.Delay(timeProvider.GetElapsedTime(now, _next), timeProvider, cancellationToken).GetAwaiter().GetResult();
        }

        _next += frequency / fps;
        byte[] data = (_count++ & 1) == 0 ? first : second;
        return VideoCaptureResult.FromFrame(RawVideoFrame.Wrap(data, VideoPixelFormat.Rgb24, width, height, width * 3, timeProvider.GetUtcNow()));
    }

    public void Stop() => _next = long.MinValue;

    public void Dispose()
    {
    }
}
