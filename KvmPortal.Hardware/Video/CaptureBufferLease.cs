using KvmPortal.Hardware.Video.Encoders;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// A capture buffer held out of the capture queue so an M2M encoder can read the picture in place through its dmabuf (the
/// live zero-copy path). The capture device gets the buffer back (QBUF) when the lease is disposed, once; until then the driver
/// does not write into it. Rides on the <see cref="RawVideoFrame"/> it was captured with; the streamer releases it right after
/// the frame was handled unless the H.264 broadcaster took it (<see cref="RawVideoFrame.TakeCaptureBuffer"/>).
/// </summary>
public sealed class CaptureBufferLease : IDisposable
{
    private Action? _release;

    /// <summary>Initializes a new instance of the <see cref="CaptureBufferLease"/> class.</summary>
    /// <param name="frame">The dmabuf and the picture's layout in it.</param>
    /// <param name="fourcc">The V4L2 pixel format of the picture (queued unchanged on the encoder's OUTPUT queue).</param>
    /// <param name="release">Gives the buffer back to the capture queue (called once, from any thread).</param>
    public CaptureBufferLease(DmabufFrame frame, uint fourcc, Action release)
    {
        Frame = frame;
        Fourcc = fourcc;
        _release = release;
    }

    /// <summary>Gets the dmabuf and the picture's layout.</summary>
    public DmabufFrame Frame { get; }

    /// <summary>Gets the V4L2 pixel format.</summary>
    public uint Fourcc { get; }

    /// <summary>Gets a value indicating whether the buffer went back to the capture queue.</summary>
    public bool Released => Volatile.Read(ref _release) is null;

    /// <summary>Gives the buffer back to the capture queue (once).</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
