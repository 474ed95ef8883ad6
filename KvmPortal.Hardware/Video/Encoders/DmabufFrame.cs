namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// A raw picture in another device's buffer, shared as a dmabuf (VIDIOC_EXPBUF of a capture buffer): the encoder reads it in place.
/// The owner keeps the capture buffer dequeued (and the descriptor open) until the encode returns.
/// </summary>
/// <param name="Fd">The dmabuf file descriptor.</param>
/// <param name="BytesUsed">The picture's size in the buffer.</param>
/// <param name="Length">The whole buffer's size.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per line (must equal the encoder's OUTPUT bytesperline: nothing is re-laid out).</param>
/// <param name="CaptureTimestamp">When the picture was captured (becomes the V4L2 timestamp).</param>
public sealed record DmabufFrame(int Fd, int BytesUsed, int Length, int Width, int Height, int Stride, DateTimeOffset CaptureTimestamp);
