namespace KvmPortal.Hardware.Video.H264;

/// <summary>The H.264 broadcaster's figures.</summary>
/// <param name="Available">Whether H.264 can be streamed.</param>
/// <param name="Encoder">The encoder in use (null before the first encode).</param>
/// <param name="BitrateKbps">Target bitrate.</param>
/// <param name="Gop">Periodic key-frame interval (0 = only when needed).</param>
/// <param name="Fps">Coded frames in the last second.</param>
/// <param name="Viewers">H.264 viewers.</param>
/// <param name="Units">Coded frames broadcast.</param>
/// <param name="KeyUnits">Key frames among them.</param>
/// <param name="Bytes">Coded bytes broadcast.</param>
/// <param name="LastEncodeMilliseconds">How long the last encode took.</param>
public sealed record H264State(
    bool Available, string? Encoder, int BitrateKbps, int Gop, int Fps, int Viewers, long Units, long KeyUnits, long Bytes, double LastEncodeMilliseconds)
{
    /// <summary>Gets how many encoders were opened (the first, and one per rebuild: settings the encoder cannot change, failures).</summary>
    public long EncodersCreated { get; init; }

    /// <summary>Gets how many bitrate/GOP changes the running encoder took without a rebuild.</summary>
    public long RateChanges { get; init; }

    /// <summary>Gets how many frames the encoder read in place from the capture buffer (DMABUF import, no copy).</summary>
    public long DmabufFrames { get; init; }

    /// <summary>Gets how many frames were copied into the encoder (software encoder, MJPEG sources, placeholders, the fallback).</summary>
    public long CopiedFrames { get; init; }

    /// <summary>Gets why DMABUF import is not used (null while it is, or was never tried).</summary>
    public string? DmabufFallback { get; init; }

    /// <summary>
    /// Gets the error that stops H.264 (the encoder failed, and so did a new one): H.264 viewers are told and fall back to MJPEG.
    /// Null while encoding works; cleared by the next picture that encodes.
    /// </summary>
    public string? Error { get; init; }
}
