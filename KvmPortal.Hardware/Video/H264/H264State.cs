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
    bool Available, string? Encoder, int BitrateKbps, int Gop, int Fps, int Viewers, long Units, long KeyUnits, long Bytes, double LastEncodeMilliseconds);
