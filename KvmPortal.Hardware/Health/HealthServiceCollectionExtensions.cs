using KvmPortal.Hardware.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Health;

/// <summary>Registers the device-health sampler.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HealthMonitor"/> (as itself, <see cref="IHealthMonitor"/> and a hosted service) and <see cref="SystemHealthReader"/>.
    /// Options: <see cref="HealthOptions"/> (section <c>KvmPortal:Health</c>), validated at start.
    /// </summary>
    public static IServiceCollection AddKvmHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HealthMonitor)))
        {
            return services;
        }

        services.AddOptions<HealthOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddKvmChildProcesses();
        services.TryAddSingleton<SystemHealthReader>();
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<IHealthMonitor>(sp => sp.GetRequiredService<HealthMonitor>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<HealthMonitor>());
        return services;
    }
}
