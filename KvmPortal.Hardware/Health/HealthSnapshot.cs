namespace KvmPortal.Hardware.Health;

/// <summary>One health sample; a null value means the source was missing or unreadable.</summary>
public sealed record HealthSnapshot
{
    /// <summary>Gets when the sample was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the CPU temperature in °C.</summary>
    public double? CpuTemperatureC { get; init; }

    /// <summary>Gets the CPU use in percent since the previous sample (null for the first one).</summary>
    public double? CpuUsagePercent { get; init; }

    /// <summary>Gets the total memory in bytes.</summary>
    public long? MemoryTotalBytes { get; init; }

    /// <summary>Gets the available memory in bytes.</summary>
    public long? MemoryAvailableBytes { get; init; }

    /// <summary>Gets the used memory in percent.</summary>
    public double? MemoryUsedPercent =>
        MemoryTotalBytes is > 0 && MemoryAvailableBytes is { } available ? 100.0 * (MemoryTotalBytes.Value - available) / MemoryTotalBytes.Value : null;

    /// <summary>Gets the size of the DataDirectory's file system in bytes.</summary>
    public long? DiskTotalBytes { get; init; }

    /// <summary>Gets the space available to KvmPortal on that file system in bytes.</summary>
    public long? DiskAvailableBytes { get; init; }

    /// <summary>Gets the used disk space in percent.</summary>
    public double? DiskUsedPercent =>
        DiskTotalBytes is > 0 && DiskAvailableBytes is { } available ? 100.0 * (DiskTotalBytes.Value - available) / DiskTotalBytes.Value : null;

    /// <summary>Gets the time since the device booted.</summary>
    public TimeSpan? Uptime { get; init; }

    /// <summary>Gets the Raspberry Pi throttling flags (null on other machines).</summary>
    public ThrottlingFlags? Throttling { get; init; }
}
