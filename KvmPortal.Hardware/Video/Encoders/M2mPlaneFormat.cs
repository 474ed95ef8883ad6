namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>One queue's format as the driver set it (first plane).</summary>
internal readonly record struct M2mPlaneFormat(uint Fourcc, uint Width, uint Height, uint BytesPerLine, uint SizeImage);
