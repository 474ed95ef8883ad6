using System.Buffers;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// A raw captured frame in a pooled buffer, reference counted: the capture loop, the change detector and an encoder
/// worker may hold it at once; the buffer goes back to the pool when the last holder disposes it.
/// </summary>
public sealed class RawVideoFrame : IDisposable
{
    private readonly bool _pooled;
    private byte[]? _buffer;
    private int _references = 1;
    private CaptureBufferLease? _captureBuffer;

    /// <summary>Initializes a new instance of the <see cref="RawVideoFrame"/> class with a pooled buffer of <paramref name="length"/> bytes.</summary>
    /// <param name="format">Pixel layout.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="stride">Bytes per row (0 for compressed frames).</param>
    /// <param name="length">Bytes of frame data.</param>
    /// <param name="captureTimestamp">When the frame was grabbed.</param>
    /// <param name="version">The source's picture version, or -1 when the source cannot tell (then bytes are compared).</param>
    public RawVideoFrame(VideoPixelFormat format, int width, int height, int stride, int length, DateTimeOffset captureTimestamp, long version = -1)
        : this(format, width, height, stride, ArrayPool<byte>.Shared.Rent(length), length, captureTimestamp, version, pooled: true)
    {
    }

    private RawVideoFrame(VideoPixelFormat format, int width, int height, int stride, byte[] buffer, int length, DateTimeOffset captureTimestamp, long version, bool pooled)
    {
        Format = format;
        Width = width;
        Height = height;
        Stride = stride;
        Length = length;
        CaptureTimestamp = captureTimestamp;
        Version = version;
        _buffer = buffer;
        _pooled = pooled;
    }

    /// <summary>Gets the pixel layout.</summary>
    public VideoPixelFormat Format { get; }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the bytes per row.</summary>
    public int Stride { get; }

    /// <summary>Gets the number of data bytes.</summary>
    public int Length { get; }

    /// <summary>Gets when the frame was grabbed (TimeProvider clock).</summary>
    public DateTimeOffset CaptureTimestamp { get; }

    /// <summary>Gets the source's picture version (-1 = unknown).</summary>
    public long Version { get; internal set; }

    /// <summary>Gets the frame bytes.</summary>
    public ReadOnlySpan<byte> Data => Buffer;

    /// <summary>Gets the writable frame bytes (for the source while filling it).</summary>
    public Span<byte> Buffer => (_buffer ?? throw new ObjectDisposedException(nameof(RawVideoFrame))).AsSpan(0, Length);

    /// <summary>Gets a value indicating whether the capture buffer this picture was copied from is still held (see <see cref="TakeCaptureBuffer"/>).</summary>
    public bool HasCaptureBuffer => Volatile.Read(ref _captureBuffer) is not null;

    /// <summary>Takes over the held capture buffer (its dmabuf shows this same picture); the taker disposes it when done.</summary>
    /// <returns>The lease, or null when there is none (copied-only sources, MJPEG) or another holder took it.</returns>
    public CaptureBufferLease? TakeCaptureBuffer() => Interlocked.Exchange(ref _captureBuffer, null);

    /// <summary>Gives the held capture buffer back to the capture queue, unless someone took it.</summary>
    public void ReleaseCaptureBuffer() => TakeCaptureBuffer()?.Dispose();

    /// <summary>Attaches the capture buffer the picture was copied from (the source, before handing the frame out).</summary>
    /// <param name="lease">The held buffer.</param>
    internal void AttachCaptureBuffer(CaptureBufferLease lease) => Interlocked.Exchange(ref _captureBuffer, lease)?.Dispose();

    /// <summary>Wraps an existing array without pooling.</summary>
    /// <returns>The frame.</returns>
    public static RawVideoFrame Wrap(byte[] data, VideoPixelFormat format, int width, int height, int stride, DateTimeOffset captureTimestamp, long version = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RawVideoFrame(format, width, height, stride, data, data.Length, captureTimestamp, version, pooled: false);
    }

    /// <summary>Adds a reference; dispose once more for each call.</summary>
    /// <returns>This frame.</returns>
    public RawVideoFrame Retain()
    {
        ObjectDisposedException.ThrowIf(Interlocked.Increment(ref _references) <= 1, this);
        return this;
    }

    /// <summary>Drops one reference; the last one returns the buffer.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            ReleaseCaptureBuffer();
            byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null && _pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Whether this frame shows the same picture as another (same geometry and version, or same bytes).</summary>
    /// <returns>True when re-encoding would produce the same picture.</returns>
    public bool SamePictureAs(RawVideoFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Format != other.Format || Width != other.Width || Height != other.Height || Stride != other.Stride || Length != other.Length)
        {
            return false;
        }

        if (Version >= 0 && other.Version >= 0)
        {
            return Version == other.Version;
        }

        return Data.SequenceEqual(other.Data);
    }
}
