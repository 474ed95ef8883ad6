namespace KvmPortal.Hardware.Video;

/// <summary>An encoded frame as published by the streamer (immutable; shared by every consumer).</summary>
public sealed class JpegFrame
{
    /// <summary>Initializes a new instance of the <see cref="JpegFrame"/> class.</summary>
    /// <param name="data">The JPEG bytes (not copied; must not change afterwards).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="captureTimestamp">When the raw frame was grabbed.</param>
    /// <param name="encodeTimestamp">When encoding finished.</param>
    /// <param name="sequence">Publication number (strictly increasing).</param>
    /// <param name="state">Online for real pictures, otherwise the state a placeholder shows.</param>
    public JpegFrame(ReadOnlyMemory<byte> data, int width, int height, DateTimeOffset captureTimestamp, DateTimeOffset encodeTimestamp, long sequence, VideoSignalState state)
    {
        Data = data;
        Width = width;
        Height = height;
        CaptureTimestamp = captureTimestamp;
        EncodeTimestamp = encodeTimestamp;
        Sequence = sequence;
        State = state;
    }

    /// <summary>Gets the JPEG bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets when the raw frame was grabbed.</summary>
    public DateTimeOffset CaptureTimestamp { get; }

    /// <summary>Gets when encoding finished.</summary>
    public DateTimeOffset EncodeTimestamp { get; }

    /// <summary>Gets the publication number.</summary>
    public long Sequence { get; }

    /// <summary>Gets the state this frame shows (Online = real picture, else a placeholder).</summary>
    public VideoSignalState State { get; }

    /// <summary>Gets a value indicating whether this is a rendered placeholder rather than a captured picture.</summary>
    public bool IsPlaceholder => State != VideoSignalState.Online;

    /// <summary>Returns a copy carrying a new sequence number.</summary>
    /// <returns>The re-numbered frame.</returns>
    public JpegFrame WithSequence(long sequence) => new(Data, Width, Height, CaptureTimestamp, EncodeTimestamp, sequence, State);
}
