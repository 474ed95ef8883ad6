namespace KvmPortal.Hardware.Msd;

/// <summary>An unfinished upload left on disk: a client may resume it at <paramref name="Length"/>.</summary>
/// <param name="Name">The image name.</param>
/// <param name="Length">Bytes received so far.</param>
/// <param name="Modified">When the last bytes arrived.</param>
/// <param name="Active">True while a transfer is writing it.</param>
public sealed record PartialUpload(string Name, long Length, DateTimeOffset Modified, bool Active);
