using System.Collections.Concurrent;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Video;

/// <summary>A stand-in encoder that records which frames it saw and can be held to simulate slow encodes.</summary>
internal sealed class RecordingEncoder(RecordingEncoder.Shared shared) : IFrameEncoder
{
    public byte[] Encode(RawVideoFrame frame, int quality)
    {
        shared.Started.Release();
        shared.Gate.Wait();
        shared.Gate.Release();
        shared.Encoded.Enqueue((frame.Data[0], quality));
        return [0xFF, 0xD8, frame.Data[0], (byte)quality, 0xFF, 0xD9];
    }

    public void Dispose()
    {
    }

    internal sealed class Shared : IDisposable
    {
        public SemaphoreSlim Gate { get; } = new(1);

        public SemaphoreSlim Started { get; } = new(0);

        public ConcurrentQueue<(byte FirstByte, int Quality)> Encoded { get; } = new();

        public void Dispose()
        {
            Gate.Dispose();
            Started.Dispose();
        }
    }
}
