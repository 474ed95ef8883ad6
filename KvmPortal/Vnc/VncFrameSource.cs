using KvmPortal.Hardware.Video;

namespace KvmPortal.Vnc;

/// <summary>
/// Turns the streamer's JPEG frames into RGB for the VNC sessions: each published frame is decoded once (TurboJPEG), however many
/// sessions want it. Sessions compare tiles of these pixels against what they last sent and re-encode only the changed ones.
/// </summary>
public sealed class VncFrameSource(VideoStreamer streamer) : IDisposable
{
    private readonly SemaphoreSlim _decode = new(1, 1);
    private VncFrame? _latest;

    public VideoStreamer Streamer => streamer;

    /// <summary>Returns the newest frame after <paramref name="afterSequence"/> (waits for one), decoded.</summary>
    internal async Task<VncFrame> NextAsync(long afterSequence, CancellationToken cancellationToken)
    {
        var jpeg = await streamer.WaitNextAsync(afterSequence, cancellationToken);
        return await DecodeAsync(jpeg, cancellationToken);
    }

    /// <summary>Returns a frame captured now (one capture cycle: the newest published frame may be stale when nobody watched).</summary>
    internal async Task<VncFrame> FreshAsync(CancellationToken cancellationToken) =>
        await DecodeAsync(await streamer.GetSnapshotAsync(cancellationToken), cancellationToken);

    /// <summary>Returns the current frame (the newest published, or the first one to come); current while a viewer lease is held.</summary>
    internal Task<VncFrame> CurrentAsync(CancellationToken cancellationToken) =>
        streamer.Latest is { } latest ? DecodeAsync(latest, cancellationToken) : NextAsync(0, cancellationToken);

    private async Task<VncFrame> DecodeAsync(JpegFrame jpeg, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _latest) is { } cached && cached.Sequence == jpeg.Sequence)
        {
            return cached;
        }

        await _decode.WaitAsync(cancellationToken);
        try
        {
            if (_latest is { } again && again.Sequence >= jpeg.Sequence)
            {
                return again.Sequence == jpeg.Sequence ? again : Decode(jpeg);
            }

            var frame = Decode(jpeg);
            Volatile.Write(ref _latest, frame);
            return frame;
        }
        finally
        {
            _decode.Release();
        }
    }

    public void Dispose() => _decode.Dispose();

    private static VncFrame Decode(JpegFrame jpeg)
    {
        var rgb = JpegInspector.DecodeRgb24(jpeg.Data.Span, out var header);
        return new VncFrame(jpeg.Sequence, header.Width, header.Height, rgb);
    }
}
