using System.Globalization;

namespace KvmPortal.Hardware.Health;

/// <summary>Pure parsers for the procfs and sysfs files the health sampler reads.</summary>
internal static class HealthParsers
{
    /// <summary>Parses the aggregate "cpu" line of /proc/stat into (busy, total) jiffies; guest time is already inside user time.</summary>
    public static (ulong Busy, ulong Total)? ParseCpuTimes(string procStat)
    {
        foreach (var line in procStat.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0] != "cpu")
            {
                continue;
            }

            // user nice system idle iowait irq softirq steal [guest guest_nice]
            var values = fields.Skip(1).Take(8).Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Aggregate(0UL, (sum, v) => sum + v);
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            return (total - idle, total);
        }

        return null;
    }

    /// <summary>Computes CPU use in percent between two /proc/stat readings.</summary>
    public static double? CpuUsage((ulong Busy, ulong Total) previous, (ulong Busy, ulong Total) current)
    {
        if (current.Total <= previous.Total || current.Busy < previous.Busy)
        {
            return null;
        }

        var busy = current.Busy - previous.Busy;
        var total = current.Total - previous.Total;
        return Math.Clamp(100.0 * busy / total, 0, 100);
    }

    /// <summary>Parses MemTotal and MemAvailable (kB) from /proc/meminfo into bytes.</summary>
    public static (long? Total, long? Available) ParseMemInfo(string memInfo)
    {
        long? total = null;
        long? available = null;
        foreach (var line in memInfo.Split('\n'))
        {
            var fields = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                continue;
            }

            if (fields[0] == "MemTotal")
            {
                total = kb * 1024;
            }
            else if (fields[0] == "MemAvailable")
            {
                available = kb * 1024;
            }
        }

        return (total, available);
    }

    /// <summary>Parses the first number of /proc/uptime (seconds since boot).</summary>
    public static TimeSpan? ParseUptime(string uptime)
    {
        var first = uptime.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>Parses a thermal zone's temp file (millidegrees Celsius).</summary>
    public static double? ParseMilliCelsius(string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli) ? milli / 1000.0 : null;

    /// <summary>
    /// Parses the throttling word: the firmware's sysfs file holds plain hex ("50005"), vcgencmd prints "throttled=0x50005".
    /// </summary>
    public static ThrottlingFlags? ParseThrottled(string text)
    {
        var value = text.Trim();
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            value = value[(equals + 1)..].Trim();
        }

        if (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            value = value[2..];
        }

        return uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var raw) ? new ThrottlingFlags(raw) : null;
    }
}
