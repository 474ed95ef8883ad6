using KvmPortal.Hardware.Gpio;
using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Atx;

/// <summary>Registers ATX power control.</summary>
public static class AtxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAtxPower"/> with the backend chosen by <see cref="AtxOptions.Backend"/> (section <c>KvmPortal:Atx</c>),
    /// validated at start by <see cref="AtxOptionsValidator"/>. The Simulated backend uses the shared <see cref="SimulatedTarget"/>.
    /// </summary>
    public static IServiceCollection AddKvmAtx(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AtxOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AtxOptions>, AtxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGpioLineProvider, DeviceGpioLineProvider>();
        services.AddKvmSimulation();
        services.TryAddSingleton<IAtxPower>(sp => sp.GetRequiredService<IOptions<AtxOptions>>().Value.Backend switch
        {
            AtxBackend.Gpio => ActivatorUtilities.CreateInstance<GpioAtxPower>(sp),
            AtxBackend.Simulated => ActivatorUtilities.CreateInstance<SimulatedAtxPower>(sp),
            _ => new DisabledAtxPower(),
        });
        return services;
    }
}
