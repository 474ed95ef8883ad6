namespace KvmPortal.Hardware.Video;

/// <summary>What the pipeline wants from its source right now (changes when settings change live).</summary>
/// <param name="Width">Wanted width, 0 = the source's own.</param>
/// <param name="Height">Wanted height, 0 = the source's own.</param>
/// <param name="DesiredFps">Wanted frame rate, 0 = unlimited.</param>
public sealed record VideoCaptureRequest(int Width, int Height, int DesiredFps);
