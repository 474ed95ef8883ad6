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
