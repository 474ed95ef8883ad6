namespace KvmPortal.Vnc;

/// <summary>A published video frame decoded to packed RGB24 (shared, read-only, by every VNC session).</summary>
internal sealed class VncFrame(long sequence, int width, int height, byte[] rgb)
{
    public long Sequence { get; } = sequence;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public int Stride => Width * 3;

    /// <summary>Gets the pixels (Width × Height × 3 bytes, R G B).</summary>
    public byte[] Rgb { get; } = rgb;
}
