namespace KvmPortal.Hardware.Video;

/// <summary>The source used when video is switched off: always reports <see cref="VideoSignalState.Disabled"/>.</summary>
public sealed class DisabledVideoSource : IVideoSource
{
    /// <inheritdoc />
    public string Name => "disabled";

    /// <inheritdoc />
    public bool DeliversJpeg => false;

    /// <inheritdoc />
    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return VideoCaptureResult.FromState(VideoSignalState.Disabled);
    }

    /// <inheritdoc />
    public void Stop()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
