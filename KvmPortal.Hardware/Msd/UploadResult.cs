namespace KvmPortal.Hardware.Msd;

/// <summary>The outcome of an upload request.</summary>
/// <param name="Name">The image name.</param>
/// <param name="Complete">True when the image is complete and listed; false when the body ended before the announced total (resume at <paramref name="Length"/>).</param>
/// <param name="Length">The image's (or partial file's) length in bytes.</param>
/// <param name="Image">The listed image when complete.</param>
public sealed record UploadResult(string Name, bool Complete, long Length, ImageInfo? Image);
