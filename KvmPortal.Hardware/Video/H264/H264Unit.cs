namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// One coded access unit as broadcast to every H.264 viewer (immutable, shared). Units form a chain: <see cref="Next"/> completes
/// with the unit published after this one, so each viewer walks the chain at its own pace without a queue of its own.
/// </summary>
public sealed class H264Unit
{
    private readonly TaskCompletionSource<H264Unit> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal H264Unit(ReadOnlyMemory<byte> data, bool keyFrame, int width, int height, long sequence, long rawSerial, DateTimeOffset captureTimestamp, VideoSignalState state)
    {
        Data = data;
        KeyFrame = keyFrame;
        Width = width;
        Height = height;
        Sequence = sequence;
        RawSerial = rawSerial;
        CaptureTimestamp = captureTimestamp;
        State = state;
    }

    /// <summary>Gets the Annex-B access unit (SPS and PPS precede each IDR).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets a value indicating whether the unit decodes on its own (IDR).</summary>
    public bool KeyFrame { get; }

    /// <summary>Gets the picture width.</summary>
    public int Width { get; }

    /// <summary>Gets the picture height.</summary>
    public int Height { get; }

    /// <summary>Gets the publication number (strictly increasing).</summary>
    public long Sequence { get; }

    /// <summary>Gets when the raw frame was grabbed.</summary>
    public DateTimeOffset CaptureTimestamp { get; }

    /// <summary>Gets the signal state the picture shows (Online, or the state a placeholder shows).</summary>
    public VideoSignalState State { get; }

    /// <summary>Gets the task that completes with the next unit.</summary>
    public Task<H264Unit> Next => _next.Task;

    /// <summary>Gets the serial of the raw frame it was made from (which picture it shows).</summary>
    internal long RawSerial { get; }

    internal void Link(H264Unit next) => _next.TrySetResult(next);

    internal void Cancel() => _next.TrySetCanceled();
}
