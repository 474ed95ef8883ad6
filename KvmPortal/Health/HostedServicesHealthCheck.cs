using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KvmPortal.Health;

/// <summary>Healthy when the host has started, is not stopping, and every hardware service reports that it runs.</summary>
public sealed class HostedServicesHealthCheck(IHostApplicationLifetime lifetime, IEnumerable<IHardwareHealth> components) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("host not running"));
        }

        var down = components.Where(c => !c.IsRunning).Select(c => c.Name).ToList();
        return Task.FromResult(down.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not running: " + string.Join(", ", down)));
    }
}
