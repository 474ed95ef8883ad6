namespace KvmPortal.Hardware.Video;

/// <summary>Turns a raw frame into JPEG bytes; one instance per worker thread.</summary>
internal interface IFrameEncoder : IDisposable
{
    byte[] Encode(RawVideoFrame frame, int quality);
}
