using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Msd;

/// <summary>Registers virtual media.</summary>
public static class MsdServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ImageLibrary"/> and <see cref="IMassStorage"/> (backend from <see cref="MsdOptions.Backend"/>) as singletons.
    /// The caller configures <see cref="MsdOptions"/> (section <c>KvmPortal:Msd</c>, with ImagesDirectory = &lt;DataDirectory&gt;/images).
    /// The Simulated backend uses an <see cref="ISimulatedMediaSink"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddKvmMsd(this IServiceCollection services)
    {
        services.AddOptions<MsdOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ImageLibrary(
            sp.GetRequiredService<IOptions<MsdOptions>>().Value,
            sp.GetService<ILogger<ImageLibrary>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IMassStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MsdOptions>>().Value;
            var library = sp.GetRequiredService<ImageLibrary>();
            return options.Backend switch
            {
                MsdBackend.UsbGadget => new UsbGadgetMassStorage(
                    library, options, sp.GetService<ILogger<UsbGadgetMassStorage>>(), sp.GetRequiredService<TimeProvider>()),
                MsdBackend.Simulated => new SimulatedMassStorage(library, sp.GetService<ISimulatedMediaSink>(), sp.GetService<ILogger<SimulatedMassStorage>>()),
                _ => new DisabledMassStorage(),
            };
        });
        return services;
    }
}
