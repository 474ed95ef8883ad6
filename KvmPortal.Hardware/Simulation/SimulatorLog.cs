using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Simulation;

/// <summary>Log messages of the simulated target.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Simulated target powered on")]
    public static partial void PoweredOn(ILogger logger);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Simulated target powered off")]
    public static partial void PoweredOff(ILogger logger);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Simulated target forced off by a long power-button press")]
    public static partial void ForcedOff(ILogger logger);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Simulated target reset")]
    public static partial void Reset(ILogger logger);
}
