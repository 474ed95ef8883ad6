using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Hid;

/// <summary>DI registration of the keyboard/mouse layer.</summary>
public static class HidServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IHidOutput"/> (backend chosen by <see cref="HidOptions.Backend"/>), <see cref="HidTyper"/> (paste as keystrokes),
    /// <see cref="HidJiggler"/> and a hosted service that releases everything at shutdown. The Simulated backend needs an
    /// <see cref="ISimulatedHidSink"/> registered by the simulated target server.
    /// </summary>
    public static IServiceCollection AddKvmHid(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HidOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHidOutput>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HidOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return options.Backend switch
            {
                HidBackend.UsbGadget => new UsbGadgetHidOutput(options, time, loggers.CreateLogger<UsbGadgetHidOutput>()),
                HidBackend.Serial => new SerialHidOutput(options, time, loggers.CreateLogger<SerialHidOutput>()),
                HidBackend.Simulated => new SimulatedHidOutput(
                    sp.GetService<ISimulatedHidSink>() ?? throw new InvalidOperationException(
                        "KvmPortal:Hid:Backend is Simulated but no ISimulatedHidSink (the simulated target server) is registered."),
                    time),
                _ => new DisabledHidOutput(time),
            };
        });
        services.TryAddSingleton(sp => new HidTyper(
            sp.GetRequiredService<IHidOutput>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<HidOptions>>(),
            sp.GetRequiredService<ILogger<HidTyper>>()));
        services.TryAddSingleton<HidJiggler>();
        services.AddHostedService(sp => sp.GetRequiredService<HidJiggler>());
        services.AddHostedService<HidLifetimeService>();
        return services;
    }
}
