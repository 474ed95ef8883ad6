using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Processes;

/// <summary>Registers <see cref="ChildProcessService"/>.</summary>
public static class ChildProcessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="ChildProcessService"/> (idempotent; every AddKvm* method that starts programs calls it). The
    /// container disposes it on shutdown after the services that use it, so it stops whatever they left running.
    /// </summary>
    public static IServiceCollection AddKvmChildProcesses(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ChildProcessService(sp.GetService<ILogger<ChildProcessService>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
