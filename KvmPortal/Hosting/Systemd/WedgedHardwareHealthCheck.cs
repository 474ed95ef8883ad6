using KvmPortal.Hardware.Health;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Video;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KvmPortal.Hosting.Systemd;

/// <summary>
/// Unhealthy when a video or HID worker thread has been inside one device call (capture, encode, report write, serial exchange)
/// for longer than <see cref="WedgedAfter"/>. Those calls give up on their own within a second or two, so such a thread is stuck
/// in the kernel or a library and only a restart frees it. Feeds the systemd watchdog and /healthz.
/// </summary>
public sealed class WedgedHardwareHealthCheck(VideoStreamer video, IHidOutput hid) : IHealthCheck
{
    public static readonly TimeSpan WedgedAfter = TimeSpan.FromSeconds(15);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var watched = new List<IWatchedService> { video };
        if (hid is IWatchedService watchedHid)
        {
            watched.Add(watchedHid);
        }

        var wedged = new List<string>();
        foreach (var service in watched)
        {
            if (service.Heartbeat.LongestCall() is { } call && call.For > WedgedAfter)
            {
                wedged.Add($"{service.Heartbeat.Name} {call.Lane} stuck for {call.For.TotalSeconds:F0} s");
            }
        }

        return Task.FromResult(wedged.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("wedged: " + string.Join(", ", wedged)));
    }
}
