using System.Diagnostics;
using KvmPortal.Hardware.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Health;

/// <summary>Reads one health sample from sysfs, procfs, the DataDirectory's file system and (on a Pi) the firmware's throttling word.</summary>
public sealed class SystemHealthReader
{
    private static readonly TimeSpan VcgencmdTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly HealthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemHealthReader> _logger;
    private readonly ChildProcessService _children;
    private (ulong Busy, ulong Total)? _previousCpu;

    /// <summary>Initializes a new instance of the <see cref="SystemHealthReader"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="children">Starts vcgencmd; null makes a private one (it only runs short tools, each killed after 2 s).</param>
    public SystemHealthReader(IOptions<HealthOptions> options, TimeProvider timeProvider, ILogger<SystemHealthReader>? logger = null, ChildProcessService? children = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger<SystemHealthReader>.Instance;
        _children = children ?? new ChildProcessService(null, _time);
    }

    /// <summary>Takes a sample. CPU use is measured against the previous call (null on the first).</summary>
    public HealthSnapshot Read()
    {
        var cpuText = ReadText(_options.ProcRoot, "stat");
        var cpu = cpuText is null ? null : HealthParsers.ParseCpuTimes(cpuText);
        double? usage = null;
        lock (_gate)
        {
            if (cpu is { } current && _previousCpu is { } previous)
            {
                usage = HealthParsers.CpuUsage(previous, current);
            }

            _previousCpu = cpu ?? _previousCpu;
        }

        var (memoryTotal, memoryAvailable) = ReadText(_options.ProcRoot, "meminfo") is { } memInfo ? HealthParsers.ParseMemInfo(memInfo) : (null, null);
        var (diskTotal, diskAvailable) = ReadDisk();
        return new HealthSnapshot
        {
            Timestamp = _time.GetUtcNow(),
            CpuTemperatureC = ReadText(_options.SysRoot, "class/thermal/thermal_zone0/temp") is { } temp ? HealthParsers.ParseMilliCelsius(temp) : null,
            CpuUsagePercent = usage,
            MemoryTotalBytes = memoryTotal,
            MemoryAvailableBytes = memoryAvailable,
            DiskTotalBytes = diskTotal,
            DiskAvailableBytes = diskAvailable,
            Uptime = ReadText(_options.ProcRoot, "uptime") is { } uptime ? HealthParsers.ParseUptime(uptime) : null,
            Throttling = ReadThrottling(),
        };
    }

    private ThrottlingFlags? ReadThrottling()
    {
        if (ReadText(_options.SysRoot, "devices/platform/soc/soc:firmware/get_throttled") is { } sysfs)
        {
            return HealthParsers.ParseThrottled(sysfs);
        }

        if (string.IsNullOrEmpty(_options.VcgencmdPath) || !File.Exists(_options.VcgencmdPath))
        {
            return null;
        }

        try
        {
            // Synchronous like the rest of Read (a sample is taken on the monitor's timer); vcgencmd answers in milliseconds.
            var info = new ProcessStartInfo(_options.VcgencmdPath) { ArgumentList = { "get_throttled" } };
            var result = _children.RunAsync(info, VcgencmdTimeout).GetAwaiter().GetResult();
            return result.ExitCode == 0 ? HealthParsers.ParseThrottled(result.StandardOutput) : null;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            HealthLog.SourceUnreadable(_logger, _options.VcgencmdPath, exception);
            return null;
        }
    }

    private (long? Total, long? Available) ReadDisk()
    {
        var path = string.IsNullOrEmpty(_options.DiskPath) ? Directory.GetCurrentDirectory() : _options.DiskPath;
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            return drive.IsReady ? (drive.TotalSize, drive.AvailableFreeSpace) : (null, null);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
        {
            HealthLog.SourceUnreadable(_logger, path, exception);
            return (null, null);
        }
    }

    private string? ReadText(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            HealthLog.SourceUnreadable(_logger, path, exception);
            return null;
        }
    }
}
