namespace KvmPortal.Hardware.Msd;

/// <summary>Describes one upload request (one HTTP request body, for example).</summary>
public sealed class UploadRequest
{
    /// <summary>Gets or sets the image name.</summary>
    public required string Name { get; set; }

    /// <summary>
    /// Gets or sets where this body starts in the image. 0 starts a new upload (an old partial file of that name is discarded);
    /// N &gt; 0 appends to the partial file, which must then be exactly N bytes long (else <see cref="MsdErrorCode.OffsetMismatch"/>).
    /// </summary>
    public long Offset { get; set; }

    /// <summary>Gets or sets the whole image's size, when the client announced it. Without it, <see cref="Offset"/> + <see cref="BodyLength"/> is used.</summary>
    public long? TotalLength { get; set; }

    /// <summary>Gets or sets this body's length (an HTTP Content-Length), when known. Without either length, the end of the body completes the image.</summary>
    public long? BodyLength { get; set; }

    /// <summary>Gets or sets the SHA-256 (hex) the client expects; a mismatch at completion discards the data.</summary>
    public string? ExpectedSha256 { get; set; }

    /// <summary>Gets or sets a value indicating whether an interrupted transfer keeps its partial file for a resume (default true).</summary>
    public bool KeepPartialOnInterrupt { get; set; } = true;
}
