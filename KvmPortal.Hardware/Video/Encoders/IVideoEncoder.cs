namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// A low-latency video encoder: one frame in, its coded frame out (no frame delay, no B-frames). Implemented by the V4L2
/// memory-to-memory encoder (the Pi's H.264 hardware, vicodec in the VM lab) and by openh264 in software. Not thread-safe.
/// </summary>
public interface IVideoEncoder : IDisposable
{
    /// <summary>Gets a short description (driver and node, or library).</summary>
    string Name { get; }

    /// <summary>Gets the current settings (the size follows the frames).</summary>
    VideoEncoderSettings Settings { get; }

    /// <summary>
    /// Encodes one frame. A frame of another size restarts the encoder at that size first (drain, reconfigure).
    /// </summary>
    /// <param name="frame">The raw picture (RGB24, BGR24, YUYV or UYVY).</param>
    /// <param name="forceKeyFrame">Make this frame a key frame (a new viewer, a signal change, a long pause).</param>
    /// <param name="cancellationToken">Stops waiting for the encoder.</param>
    /// <returns>The coded frame, or null when the encoder dropped it.</returns>
    EncodedVideoFrame? Encode(RawVideoFrame frame, bool forceKeyFrame, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the target bitrate and the key-frame interval of the running encoder, without a restart (V4L2 controls on the M2M
    /// encoder, openh264's runtime options). The caller forces a key frame next, so viewers see the new settings at once.
    /// </summary>
    /// <param name="bitrateKbps">The new bitrate in kbit/s.</param>
    /// <param name="gop">The new key-frame interval (0 = only forced key frames).</param>
    /// <returns>False when this encoder cannot change them while running (then recreate it with the new settings).</returns>
    bool TryChangeRate(int bitrateKbps, int gop);

    /// <summary>Flushes: returns every frame still inside the encoder; encoding can go on afterwards.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The frames, oldest first (often none: frames are not held back).</returns>
    IReadOnlyList<EncodedVideoFrame> Drain(CancellationToken cancellationToken);
}
