using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Serial;

/// <summary>Registers the serial consoles.</summary>
public static class SerialServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISerialPorts"/> with the backend chosen by <see cref="SerialOptions.Backend"/> (section <c>KvmPortal:Serial</c>),
    /// validated at start by <see cref="SerialOptionsValidator"/>, and starts the ports with the host. <see cref="SerialOptions.LogDirectory"/>
    /// must be set (the web app defaults it to the data directory).
    /// </summary>
    public static IServiceCollection AddKvmSerial(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SerialOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SerialOptions>, SerialOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddKvmSimulation();
        services.TryAddSingleton<ISerialPorts>(Create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SerialLifetimeService>());
        return services;
    }

    private static ISerialPorts Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SerialOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        if (string.IsNullOrEmpty(options.LogDirectory))
        {
            throw new InvalidOperationException("KvmPortal:Serial:LogDirectory is not set.");
        }

        switch (options.Backend)
        {
            case SerialBackend.Simulated:
                var name = options.SimulatedPortName;
                var hostName = services.GetRequiredService<IOptions<SimulationOptions>>().Value.HostName;
                var simulated = new SimulatedSerialConsole(name, hostName, services.GetRequiredService<SimulatedTarget>(),
                    new SerialRingLog(options.LogDirectory, name, options.LogSizeBytes), time, loggers.CreateLogger<SimulatedSerialConsole>());
                var logger = loggers.CreateLogger<SerialPortSet>();
                SerialLog.Started(logger, options.Backend, 1);
                return new SerialPortSet([simulated]);
            case SerialBackend.Device:
                var ports = options.Ports.Select(p => (SerialConsoleBase)new DeviceSerialConsole(p, options,
                    new SerialRingLog(options.LogDirectory, p.Name, p.LogSizeBytes ?? options.LogSizeBytes), time,
                    loggers.CreateLogger<DeviceSerialConsole>())).ToList();
                var setLogger = loggers.CreateLogger<SerialPortSet>();
                SerialLog.Started(setLogger, options.Backend, ports.Count);
                var set = new SerialPortSet(ports);
                set.Watch(services.GetRequiredService<IOptionsMonitor<SerialOptions>>());
                return set;
            default:
                return new DisabledSerialPorts();
        }
    }
}
