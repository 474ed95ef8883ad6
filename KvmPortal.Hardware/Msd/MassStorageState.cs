namespace KvmPortal.Hardware.Msd;

/// <summary>A snapshot of the virtual drive.</summary>
/// <param name="Enabled">False for the Disabled backend.</param>
/// <param name="Backend">The running backend.</param>
/// <param name="ImageName">The selected image, or null.</param>
/// <param name="Mode">CD-ROM or flash.</param>
/// <param name="ReadOnly">The effective read-only flag (always true for a CD-ROM).</param>
/// <param name="Connected">True while the host sees the medium.</param>
/// <param name="Busy">True while a drive operation runs.</param>
/// <param name="HostHasRead">
/// True once the host has read from the medium since it was connected; false while it has not; null when unknown
/// (disconnected, the Simulated backend, or an image folder mounted noatime).
/// </param>
/// <param name="Error">The last drive failure (kernel refusal, permissions), cleared by the next successful operation.</param>
/// <param name="Warning">A caveat about the selected image and mode (for example a CD-ROM image over 2.2 GB), or null.</param>
public sealed record MassStorageState(
    bool Enabled,
    MsdBackend Backend,
    string? ImageName,
    MsdMode Mode,
    bool ReadOnly,
    bool Connected,
    bool Busy,
    bool? HostHasRead,
    string? Error,
    string? Warning = null);
