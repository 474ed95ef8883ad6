using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Wol;

/// <summary>Registers Wake-on-LAN.</summary>
public static class WolServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWakeOnLan"/> with the backend chosen by <see cref="WolOptions.Backend"/> (section <c>KvmPortal:Wol</c>),
    /// validated at start by <see cref="WolOptionsValidator"/>.
    /// </summary>
    public static IServiceCollection AddKvmWol(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WolOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WolOptions>, WolOptionsValidator>());
        services.AddKvmSimulation();
        services.TryAddSingleton<IWakeOnLan>(sp => sp.GetRequiredService<IOptions<WolOptions>>().Value.Backend switch
        {
            WolBackend.Udp => ActivatorUtilities.CreateInstance<UdpWakeOnLan>(sp),
            WolBackend.Simulated => ActivatorUtilities.CreateInstance<SimulatedWakeOnLan>(sp),
            _ => new DisabledWakeOnLan(),
        });
        return services;
    }
}
