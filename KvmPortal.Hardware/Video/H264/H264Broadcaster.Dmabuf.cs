using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// The live zero-copy path: a captured picture arrives with its capture buffer held (<see cref="CaptureBufferLease"/>); the M2M
/// encoder reads it in place through the dmabuf, and the buffer goes back to the driver when the next picture was encoded (the
/// last one is kept, so a forced key frame on a static screen re-encodes it in place too). Frames without a buffer (placeholders,
/// MJPEG sources, the software encoder) and any refusal (the encoder cannot import, a different stride, QBUF refused) copy.
/// </summary>
public sealed partial class H264Broadcaster
{
    // Encoder thread only.
    private (CaptureBufferLease Lease, long Serial)? _held;
    private CaptureBufferLease? _usedLease;
    private (string Reason, int Width, int Height, uint Fourcc, bool FromFailure)? _dmabufRefused;
    private string? _dmabufFallback;
    private long _dmabufFrames;
    private long _copiedFrames;

    /// <summary>The fourcc to import, or null to copy: a held buffer, unless import was refused for this geometry.</summary>
    private uint? DmabufInputFor(CaptureBufferLease? lease)
    {
        if (lease is null)
        {
            return null;
        }

        if (_dmabufRefused is { } refused)
        {
            if ((refused.Width, refused.Height, refused.Fourcc) == (lease.Frame.Width, lease.Frame.Height, lease.Fourcc))
            {
                return null;
            }

            _dmabufRefused = null; // another capture format or size: try importing again
            string format = V4l2Native.FourccText(lease.Fourcc);
            LogDmabufRetry(lease.Frame.Width, lease.Frame.Height, format);
        }

        return lease.Fourcc;
    }

    /// <summary>After the factory: the fourcc when the new encoder imports dmabufs, else null (import refused, frames copied).</summary>
    private uint? CheckDmabufEncoder(IVideoEncoder encoder, CaptureBufferLease? lease, uint? dmabuf)
    {
        if (dmabuf is null || lease is null)
        {
            return null;
        }

        if (encoder is IDmabufVideoEncoder { DmabufInput: true })
        {
            return dmabuf;
        }

        RefuseDmabuf(lease, $"{encoder.Name} does not import dmabufs", fromFailure: false);
        return null;
    }

    private EncodedVideoFrame? EncodeDmabuf(CaptureBufferLease lease, DateTimeOffset captured, bool key, CancellationToken cancellationToken)
    {
        EncodedVideoFrame? coded = ((IDmabufVideoEncoder)_encoder!).EncodeDmabuf(lease.Frame with { CaptureTimestamp = captured }, key, cancellationToken);
        _usedLease = lease;
        Interlocked.Increment(ref _dmabufFrames);
        Volatile.Write(ref _dmabufFallback, null);
        return coded;
    }

    private EncodedVideoFrame? EncodeCopy(RawVideoFrame frame, bool key, CancellationToken cancellationToken)
    {
        EncodedVideoFrame? coded = _encoder!.Encode(frame, key, cancellationToken);
        Interlocked.Increment(ref _copiedFrames);
        return coded;
    }

    private void RefuseDmabuf(CaptureBufferLease lease, string reason, bool fromFailure)
    {
        _dmabufRefused = (reason, lease.Frame.Width, lease.Frame.Height, lease.Fourcc, fromFailure);
        Volatile.Write(ref _dmabufFallback, reason);
        string format = V4l2Native.FourccText(lease.Fourcc);
        LogDmabufRefused(lease.Frame.Width, lease.Frame.Height, format, reason);
    }

    /// <summary>
    /// A copy failed too, right after a dmabuf attempt failed and was taken for a refused import: the failure was not the import
    /// (an encoder that cannot open at all, a device gone), so import is tried again with the next encoder instead of never.
    /// </summary>
    private void CopyFailedToo(CaptureBufferLease? lease)
    {
        if (lease is not null && _dmabufRefused is { FromFailure: true } refused
            && (refused.Width, refused.Height, refused.Fourcc) == (lease.Frame.Width, lease.Frame.Height, lease.Fourcc))
        {
            _dmabufRefused = null;
            Volatile.Write(ref _dmabufFallback, null);
            LogDmabufNotTheCause(refused.Reason);
        }
    }

    /// <summary>The held buffer when it shows picture <paramref name="serial"/> (a forced re-encode of the last picture).</summary>
    private CaptureBufferLease? HeldLeaseFor(long serial) => _held is { } held && held.Serial == serial ? held.Lease : null;

    /// <summary>After a job: keep the buffer the encoder read (it shows the last picture), give back every other one.</summary>
    private void KeepOrRelease(CaptureBufferLease? lease, long serial)
    {
        CaptureBufferLease? used = _usedLease;
        _usedLease = null;
        if (lease is not null && !ReferenceEquals(lease, used))
        {
            lease.Dispose(); // copied, refused, or not encoded (odd size)
        }

        if (used is null)
        {
            ReleaseHeldLease(); // the picture was copied (a placeholder, a refusal): no buffer is needed for it
            return;
        }

        if (_held is { } old && !ReferenceEquals(old.Lease, used))
        {
            old.Lease.Dispose();
        }

        _held = (used, serial);
    }

    private void ReleaseHeldLease()
    {
        _held?.Lease.Dispose();
        _held = null;
    }
}
