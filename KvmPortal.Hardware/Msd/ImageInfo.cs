namespace KvmPortal.Hardware.Msd;

/// <summary>One complete image in the library.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Modified">The last write time.</param>
/// <param name="Sha256">Lower-case hex SHA-256, or null when unknown (never computed, or the file changed since, for example a writable flash image the host wrote to).</param>
/// <param name="IsOpticalDisc">True when the content is an ISO 9660 or UDF image ("CD001" or "BEA01" at byte 32769): such an image is never writable.</param>
public sealed record ImageInfo(string Name, long Size, DateTimeOffset Modified, string? Sha256, bool IsOpticalDisc);
