using System.Collections.Concurrent;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Video;

/// <summary>A source the test feeds by hand: Capture blocks until the test pushes a result.</summary>
public sealed class FakeVideoSource : IVideoSource
{
    private readonly BlockingCollection<VideoCaptureResult> _results = [];
    private int _stops;

    public string Name => "fake";

    public bool DeliversJpeg { get; init; }

    public int StopCount => Volatile.Read(ref _stops);

    public VideoCaptureRequest? LastRequest { get; private set; }

    public void Push(VideoCaptureResult result) => _results.Add(result);

    public void PushFrame(byte[] data, long version = -1, int width = 16, int height = 8) =>
        Push(VideoCaptureResult.FromFrame(RawVideoFrame.Wrap(data, VideoPixelFormat.Rgb24, width, height, width * 3, DateTimeOffset.UnixEpoch, version)));

    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return _results.Take(cancellationToken);
    }

    public void Stop() => Interlocked.Increment(ref _stops);

    public void Dispose() => _results.Dispose();
}
