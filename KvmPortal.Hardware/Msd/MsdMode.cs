namespace KvmPortal.Hardware.Msd;

/// <summary>How the drive presents its image to the host.</summary>
public enum MsdMode
{
    /// <summary>A CD-ROM (or DVD, for images over 2.2 GB): always read-only, sectors of 2048 bytes.</summary>
    CdRom,

    /// <summary>A removable flash disk: read-only or writable, sectors of 512 bytes.</summary>
    Flash,
}
