namespace KvmPortal.Hardware.Video;

/// <summary>The real encoder: TurboJPEG for raw formats, DHT-completing passthrough for MJPEG.</summary>
internal sealed class TurboFrameEncoder : IFrameEncoder
{
    private JpegEncoder? _encoder;

    public byte[] Encode(RawVideoFrame frame, int quality)
    {
        if (frame.Format == VideoPixelFormat.Mjpeg)
        {
            return MjpegHuffman.EnsureHuffmanTable(frame.Data);
        }

        _encoder ??= new JpegEncoder();
        return _encoder.EncodeToArray(frame.Data, frame.Format, frame.Width, frame.Height, frame.Stride, quality);
    }

    public void Dispose() => _encoder?.Dispose();
}
