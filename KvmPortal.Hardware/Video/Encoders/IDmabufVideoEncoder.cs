namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>An encoder that can read raw pictures in place from other devices' buffers (dmabuf import; the V4L2 M2M encoder).</summary>
public interface IDmabufVideoEncoder : IVideoEncoder
{
    /// <summary>Gets a value indicating whether this instance was opened for dmabuf input (then only <see cref="EncodeDmabuf"/> works).</summary>
    bool DmabufInput { get; }

    /// <summary>Encodes a picture read in place from a dmabuf; the caller keeps the buffer unchanged until this returns.</summary>
    /// <param name="frame">The dmabuf and its layout.</param>
    /// <param name="forceKeyFrame">Make this a key frame.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The coded frame, or null when it was lost.</returns>
    /// <exception cref="NotSupportedException">The buffer's layout does not fit the encoder (copy the frame instead).</exception>
    EncodedVideoFrame? EncodeDmabuf(DmabufFrame frame, bool forceKeyFrame, CancellationToken cancellationToken);
}
