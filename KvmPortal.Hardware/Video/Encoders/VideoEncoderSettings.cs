namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>What an encoder is asked to produce. Immutable; use <c>with</c> to derive a changed copy.</summary>
public sealed record VideoEncoderSettings
{
    /// <summary>Gets the coded format.</summary>
    public VideoCodec Codec { get; init; } = VideoCodec.H264;

    /// <summary>Gets the picture width in pixels (even).</summary>
    public int Width { get; init; } = 1920;

    /// <summary>Gets the picture height in pixels (even).</summary>
    public int Height { get; init; } = 1080;

    /// <summary>Gets the nominal frame rate (the encoder's rate control assumes it).</summary>
    public int FramesPerSecond { get; init; } = 30;

    /// <summary>Gets the target bitrate in kbit/s.</summary>
    public int BitrateKbps { get; init; } = 5000;

    /// <summary>Gets the key-frame interval in frames (0 = only the first frame and forced ones, as PiKVM's "Direct" mode).</summary>
    public int Gop { get; init; } = 30;

    /// <summary>Gets the H.264 profile.</summary>
    public H264Profile Profile { get; init; } = H264Profile.ConstrainedBaseline;

    /// <summary>Gets the H.264 level.</summary>
    public H264Level Level { get; init; } = H264Level.Level40;

    /// <summary>
    /// Gets the raw V4L2 fourcc of capture buffers the encoder should import as dmabufs (the live zero-copy path), or null for
    /// copied frames. A hint for the encoder factory: an encoder that cannot import is opened for copies instead.
    /// </summary>
    public uint? DmabufInputFourcc { get; init; }

    /// <summary>Gets how long one frame may take in the encoder before it counts as lost.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Width < 16 || Height < 16 || Width > 8192 || Height > 8192 || Width % 2 != 0 || Height % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"{Width}x{Height}: sizes must be even and between 16 and 8192");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FramesPerSecond, 1, nameof(FramesPerSecond));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FramesPerSecond, 240, nameof(FramesPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(BitrateKbps, 16, nameof(BitrateKbps));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BitrateKbps, 100_000, nameof(BitrateKbps));
        ArgumentOutOfRangeException.ThrowIfNegative(Gop, nameof(Gop));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Gop, 3600, nameof(Gop));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FrameTimeout, TimeSpan.Zero, nameof(FrameTimeout));
    }
}
