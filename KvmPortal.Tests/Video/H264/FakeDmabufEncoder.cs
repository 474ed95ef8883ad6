using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;

namespace KvmPortal.Tests.Video.H264;

/// <summary>
/// An encoder opened for dmabuf input, as the M2M encoder with OpenDmabuf: only <see cref="EncodeDmabuf"/> works. It codes the
/// dmabuf's descriptor number as the picture marker (the tests give each picture's lease the picture's marker as its fd) and
/// records whether the capture buffer was still held while it read it.
/// </summary>
internal sealed class FakeDmabufEncoder(IVideoEncoder inner, Func<int, bool> held) : IDmabufVideoEncoder
{
    public bool DmabufInput => true;

    public string Name => "fake dmabuf encoder";

    public VideoEncoderSettings Settings => inner.Settings;

    /// <summary>Gets or sets the error the next <see cref="EncodeDmabuf"/> throws (as a driver refusing QBUF of a dmabuf).</summary>
    public Exception? Refuse { get; set; }

    public List<(int Fd, bool Held)> Reads { get; } = [];

    public EncodedVideoFrame? EncodeDmabuf(DmabufFrame frame, bool forceKeyFrame, CancellationToken cancellationToken)
    {
        if (Refuse is { } refuse)
        {
            throw refuse;
        }

        Reads.Add((frame.Fd, held(frame.Fd)));
        using var picture = BroadcasterHarness.Picture((byte)frame.Fd, frame.Width, frame.Height);
        return inner.Encode(picture, forceKeyFrame, cancellationToken);
    }

    public EncodedVideoFrame? Encode(RawVideoFrame frame, bool forceKeyFrame, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("opened for dmabuf input");

    public bool TryChangeRate(int bitrateKbps, int gop) => inner.TryChangeRate(bitrateKbps, gop);

    public IReadOnlyList<EncodedVideoFrame> Drain(CancellationToken cancellationToken) => inner.Drain(cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>A test picture whose capture buffer is held: the lease's fd is the marker; releasing it is recorded.</summary>
    public static RawVideoFrame LeasedPicture(byte marker, List<int> released, int width = 16, int height = 16)
    {
        RawVideoFrame frame = BroadcasterHarness.Picture(marker, width, height);
        var lease = new CaptureBufferLease(new DmabufFrame(marker, width * height * 2, width * height * 2, width, height, width * 2, DateTimeOffset.UnixEpoch),
            0x56595559 /* YUYV */, () =>
            {
                lock (released)
                {
                    released.Add(marker);
                }
            });
        frame.AttachCaptureBuffer(lease);
        return frame;
    }

    /// <summary>Throws the error a driver gives for a refused dmabuf QBUF.</summary>
    public static Exception QbufRefused() => new V4l2Exception("QBUF (DMABUF)", 22);
}
