namespace KvmPortal.Hardware.Health;

/// <summary>Device-health settings (configuration section <c>KvmPortal:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>Gets or sets the sysfs root (tests point it at a fake tree).</summary>
    public string SysRoot { get; set; } = "/sys";

    /// <summary>Gets or sets the procfs root (tests point it at a fake tree).</summary>
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Gets or sets the folder whose disk is reported (the web app sets it to KvmPortal:DataDirectory); empty = the current folder.</summary>
    public string DiskPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the <c>vcgencmd</c> used when the firmware's sysfs get_throttled file is missing; empty = never run it.</summary>
    public string VcgencmdPath { get; set; } = "/usr/bin/vcgencmd";

    /// <summary>Gets or sets the sampling interval in seconds.</summary>
    public int SampleIntervalSeconds { get; set; } = 10;

    /// <summary>Gets or sets how many hours of samples are kept in memory.</summary>
    public int HistoryHours { get; set; } = 24;
}
