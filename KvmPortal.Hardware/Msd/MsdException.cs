namespace KvmPortal.Hardware.Msd;

/// <summary>A refused or failed virtual-media operation with a machine-readable reason.</summary>
public sealed class MsdException : Exception
{
    public MsdException()
        : this(MsdErrorCode.InvalidRequest, "virtual-media operation failed")
    {
    }

    public MsdException(string message)
        : this(MsdErrorCode.InvalidRequest, message)
    {
    }

    public MsdException(string message, Exception innerException)
        : this(MsdErrorCode.InvalidRequest, message, null, innerException)
    {
    }

    public MsdException(MsdErrorCode code, string message, long? currentLength = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        CurrentLength = currentLength;
    }

    /// <summary>Gets the reason.</summary>
    public MsdErrorCode Code { get; }

    /// <summary>Gets the partial file's length for <see cref="MsdErrorCode.OffsetMismatch"/> and <see cref="MsdErrorCode.TransferInterrupted"/>.</summary>
    public long? CurrentLength { get; }

    /// <summary>Gets the HTTP status an API should answer with.</summary>
    public int HttpStatusCode => StatusFor(Code);

    /// <summary>Maps a reason to an HTTP status code.</summary>
    public static int StatusFor(MsdErrorCode code) => code switch
    {
        MsdErrorCode.NotFound => 404,
        MsdErrorCode.AlreadyExists or MsdErrorCode.TransferInProgress or MsdErrorCode.OffsetMismatch or MsdErrorCode.ImageInUse
            or MsdErrorCode.Busy or MsdErrorCode.DriveConnected or MsdErrorCode.MediumLocked => 409,
        MsdErrorCode.InsufficientSpace or MsdErrorCode.DiskFull => 507,
        MsdErrorCode.RemoteFailed => 502,
        MsdErrorCode.KernelError => 500,
        MsdErrorCode.Disabled => 503,
        _ => 400,
    };
}
