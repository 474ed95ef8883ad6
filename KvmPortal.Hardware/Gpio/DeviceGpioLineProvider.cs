using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Gpio;

/// <summary>Opens GPIO chips through System.Device.Gpio (libgpiod v2, libgpiod v1 or sysfs; see <see cref="GpioDriverKind"/>).</summary>
public sealed class DeviceGpioLineProvider(ILogger<DeviceGpioLineProvider> logger) : IGpioLineProvider
{
    /// <inheritdoc/>
    public IGpioChip OpenChip(string chipPath, GpioDriverKind driver)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipPath);
        var (created, kind, pinOf) = GpioDrivers.Create(chipPath, driver, logger);
        return new DeviceGpioChip(chipPath, kind, created, pinOf, logger);
    }
}
