using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Gpio;

/// <summary>Log messages of the GPIO layer.</summary>
internal static partial class GpioLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "GPIO driver {Driver} chosen for {ChipPath} (setting {Setting})")]
    public static partial void DriverChosen(ILogger logger, GpioDriverKind driver, string chipPath, GpioDriverKind setting);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "GPIO driver {Driver} cannot open {ChipPath}: {Reason}")]
    public static partial void DriverUnavailable(ILogger logger, GpioDriverKind driver, string chipPath, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "GPIO edge callback for line {Offset} on {ChipPath} failed")]
    public static partial void EdgeCallbackFailed(ILogger logger, int offset, string chipPath, Exception exception);
}
