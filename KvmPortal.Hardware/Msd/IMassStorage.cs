namespace KvmPortal.Hardware.Msd;

/// <summary>
/// The virtual USB drive. One operation at a time: a call made while another runs throws <see cref="MsdException"/> with
/// <see cref="MsdErrorCode.Busy"/> (409 at the API). The image, mode and read-only flag can change only while disconnected.
/// </summary>
public interface IMassStorage
{
    /// <summary>Gets the current state.</summary>
    MassStorageState State { get; }

    /// <summary>Raised after every state change (including busy on/off and "host has read it").</summary>
    event EventHandler<MassStorageState>? StateChanged;

    /// <summary>
    /// Selects the image (null to clear), the mode and read-only. A CD-ROM is always read-only; an ISO 9660/UDF image is never writable
    /// (asking for a writable flash drive with one is refused); a CD-ROM image under 614400 bytes is refused as too small.
    /// </summary>
    Task SetImageAsync(string? imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken = default);

    /// <summary>Presents the selected image to the host. Does nothing when already connected.</summary>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Ejects the medium, even if the host locked it where the kernel allows (forced_eject). Does nothing when disconnected.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken = default);
}
