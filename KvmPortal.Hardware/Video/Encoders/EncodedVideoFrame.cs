namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>One coded frame (an H.264 access unit with SPS/PPS before each IDR, or one FWHT frame).</summary>
/// <param name="Codec">The coded format.</param>
/// <param name="Data">The coded bytes (owned by this frame).</param>
/// <param name="TimestampMicroseconds">The timestamp of the raw frame it was made from (matched by the encoder).</param>
/// <param name="KeyFrame">Whether it decodes on its own (IDR / intra frame), from the driver's flag or the bitstream.</param>
/// <param name="DriverFlags">The V4L2 buffer flags the driver set (0 for software encoders).</param>
/// <param name="Width">Picture width.</param>
/// <param name="Height">Picture height.</param>
public sealed record EncodedVideoFrame(
    VideoCodec Codec, ReadOnlyMemory<byte> Data, long TimestampMicroseconds, bool KeyFrame, uint DriverFlags, int Width, int Height);
