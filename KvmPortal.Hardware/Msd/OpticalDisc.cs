namespace KvmPortal.Hardware.Msd;

/// <summary>Recognises optical-disc images by content, never by file suffix.</summary>
public static class OpticalDisc
{
    /// <summary>The sector size of a CD-ROM.</summary>
    public const int SectorSize = 2048;

    /// <summary>The kernel's f_mass_storage refuses a CD-ROM backing file with fewer sectors than this ("file too small", EIO).</summary>
    public const int MinimumSectors = 300;

    /// <summary>The smallest image accepted in CD-ROM mode: 300 × 2048 = 614400 bytes.</summary>
    public const long MinimumCdRomBytes = (long)MinimumSectors * SectorSize;

    /// <summary>The message given when an image is below <see cref="MinimumCdRomBytes"/>.</summary>
    public const string TooSmallMessage = "too small for a CD-ROM (the kernel needs at least 300 sectors of 2048 bytes)";

    /// <summary>
    /// The most a host sees of a CD-ROM image on a stock kernel: f_mass_storage reports addresses in MSF form (minute byte,
    /// 75 frames a second), which stops at 256 minutes = 1152000 sectors, about 2.2 GB. Larger images attach, but the host's
    /// capacity is cut there (measured in the VM lab: a 2600 MiB image showed as 2359293952 bytes). PiKVM patches its kernel
    /// with a DVD mode; a stock kernel has none. Hybrid ISOs (most Linux installers) can instead be attached as read-only flash.
    /// </summary>
    public const long MaxCdRomBytes = 1152000L * SectorSize;

    /// <summary>The warning given when a CD-ROM image exceeds <see cref="MaxCdRomBytes"/>.</summary>
    public const string TooLargeWarning =
        "larger than the 2.2 GB a CD-ROM can address on a kernel without DVD support: the host may see only the first 2.2 GB " +
        "(attach it as a read-only flash drive instead if it is a hybrid ISO, as most Linux installers are)";

    // The first volume descriptor sits in sector 16; its bytes 1..5 are the standard identifier.
    private const long IdentifierOffset = (16L * SectorSize) + 1;

    /// <summary>Returns true when the file holds an ISO 9660 ("CD001") or UDF ("BEA01") volume descriptor at byte 32769.</summary>
    public static bool IsOpticalDiscImage(string path)
    {
        try
        {
            using var handle = NoAtimeFile.OpenRead(path);
            Span<byte> id = stackalloc byte[5];
            return RandomAccess.Read(handle, id, IdentifierOffset) == id.Length && IsIdentifier(id);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsIdentifier(ReadOnlySpan<byte> id) => id.SequenceEqual("CD001"u8) || id.SequenceEqual("BEA01"u8);
}
