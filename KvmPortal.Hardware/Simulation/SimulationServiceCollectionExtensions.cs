using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KvmPortal.Hardware.Simulation;

/// <summary>Registers the simulated target server.</summary>
public static class SimulationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SimulatedTarget"/> as a singleton, forwarded as <see cref="ISimulatedDisplay"/>, <see cref="ISimulatedHidSink"/>
    /// and <see cref="ISimulatedMediaSink"/> (one instance). Options: <see cref="SimulationOptions"/> (section <c>KvmPortal:Simulation</c>).
    /// </summary>
    public static IServiceCollection AddKvmSimulation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SimulationOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedTarget>();
        services.TryAddSingleton<ISimulatedDisplay>(sp => sp.GetRequiredService<SimulatedTarget>());
        services.TryAddSingleton<ISimulatedHidSink>(sp => sp.GetRequiredService<SimulatedTarget>());
        services.TryAddSingleton<ISimulatedMediaSink>(sp => sp.GetRequiredService<SimulatedTarget>());
        return services;
    }
}
