using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;

namespace KvmPortal.Hosting.Systemd;

/// <summary>
/// With <c>WatchdogSec=</c> (systemd passes WATCHDOG_USEC, and WATCHDOG_PID naming us), sends WATCHDOG=1 every half period while
/// the health checks tagged <see cref="SystemdSetup.WatchdogTag"/> pass. When one fails the ping is withheld, so systemd
/// restarts the service once the period runs out.
/// </summary>
public sealed partial class SystemdWatchdog(
    ISystemdNotifier notifier, HealthCheckService health, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdWatchdog> logger)
    : BackgroundService
{
    /// <summary>The ping interval for systemd's watchdog variables: half of WATCHDOG_USEC; null when the watchdog is off or not ours.</summary>
    public static TimeSpan? PingInterval(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid) && watchdogPid != processId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    /// <summary>Runs the watchdog health checks once and pings when they pass. Returns whether it pinged.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(SystemdSetup.WatchdogTag), cancellationToken);
        if (report.Status == HealthStatus.Healthy)
        {
            notifier.Notify(new ServiceState("WATCHDOG=1"));
            return true;
        }

        LogWithheld(logger, string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description}")));
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = PingInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
        if (interval is null || !notifier.IsEnabled)
        {
            return;
        }

        // READY=1 goes out when the host has started; pings before that would only confuse the ordering.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        LogEnabled(logger, interval.Value.TotalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                await Task.Delay(interval.Value, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "systemd watchdog on: WATCHDOG=1 every {IntervalMs:F0} ms while the hardware is not wedged")]
    private static partial void LogEnabled(ILogger logger, double intervalMs);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "systemd watchdog ping withheld (systemd restarts the service if this persists): {Failures}")]
    private static partial void LogWithheld(ILogger logger, string failures);
}
