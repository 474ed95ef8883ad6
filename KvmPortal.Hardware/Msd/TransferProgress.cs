namespace KvmPortal.Hardware.Msd;

/// <summary>The state of one running upload or URL download.</summary>
/// <param name="Name">The image name being written.</param>
/// <param name="Kind">Upload or URL download.</param>
/// <param name="Written">Bytes in the partial file so far (including the resumed part).</param>
/// <param name="Total">The final size when known.</param>
/// <param name="Started">When this transfer started.</param>
public sealed record TransferProgress(string Name, TransferKind Kind, long Written, long? Total, DateTimeOffset Started);
