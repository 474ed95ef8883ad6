namespace KvmPortal.Hardware.Video;

/// <summary>What a JPEG header says about the picture.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Subsampling">TurboJPEG subsampling code (0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0, 3 = grey).</param>
public readonly record struct JpegHeaderInfo(int Width, int Height, int Subsampling);
