namespace KvmPortal.Hardware.Msd;

/// <summary>Why a virtual-media operation was refused. <see cref="MsdException.HttpStatusCode"/> maps each to an HTTP status.</summary>
public enum MsdErrorCode
{
    /// <summary>The image name is not acceptable (path separators, "..", control characters, leading dot, too long). 400.</summary>
    InvalidName,

    /// <summary>A request parameter is invalid (size, URL scheme, lengths that do not add up). 400.</summary>
    InvalidRequest,

    /// <summary>No image with that name exists. 404.</summary>
    NotFound,

    /// <summary>An image with that name already exists. 409.</summary>
    AlreadyExists,

    /// <summary>An upload or download of the same name is already running. 409.</summary>
    TransferInProgress,

    /// <summary>A resumed upload's offset does not match the partial file; <see cref="MsdException.CurrentLength"/> tells where to resume. 409.</summary>
    OffsetMismatch,

    /// <summary>The upload was interrupted; the partial file is kept and <see cref="MsdException.CurrentLength"/> tells where to resume. 400.</summary>
    TransferInterrupted,

    /// <summary>Not enough free space for the announced length. 507.</summary>
    InsufficientSpace,

    /// <summary>The disk filled up while writing; the partial file was removed. 507.</summary>
    DiskFull,

    /// <summary>The announced SHA-256 does not match the received data; the partial file was removed. 400.</summary>
    ChecksumMismatch,

    /// <summary>A remote download failed (HTTP status, connection, or a truncated body). 502.</summary>
    RemoteFailed,

    /// <summary>The image is attached to the drive and cannot be deleted. 409.</summary>
    ImageInUse,

    /// <summary>Another drive operation is running. 409.</summary>
    Busy,

    /// <summary>The operation needs the drive to be disconnected first. 409.</summary>
    DriveConnected,

    /// <summary>Connect was asked without a selected image. 400.</summary>
    NoImageSelected,

    /// <summary>The image is below the kernel's minimum for the chosen mode (300 × 2048 bytes for a CD-ROM). 400.</summary>
    ImageTooSmall,

    /// <summary>A writable drive was asked for an image that must stay read-only (an ISO 9660 / UDF image). 400.</summary>
    ImageNotWritable,

    /// <summary>The host has locked the medium and this kernel cannot force the eject. 409.</summary>
    MediumLocked,

    /// <summary>The kernel refused a configfs write, or the LUN is missing (gadget not up). 500.</summary>
    KernelError,

    /// <summary>Virtual media is disabled in the configuration. 503.</summary>
    Disabled,
}
