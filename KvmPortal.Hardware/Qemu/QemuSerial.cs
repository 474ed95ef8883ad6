using KvmPortal.Hardware.Serial;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Qemu;

/// <summary>The Qemu profile's serial console: the VM's COM1 on <see cref="QemuOptions.SerialSocket"/>, as port <c>com1</c>.</summary>
public static class QemuSerial
{
    public const string PortName = "com1";

    /// <summary>The serial ports while the Qemu profile is on: COM1 when a socket is configured, otherwise none.</summary>
    public static ISerialPorts Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var qemu = services.GetRequiredService<IOptions<QemuOptions>>().Value;
        var serial = services.GetRequiredService<IOptions<SerialOptions>>().Value;
        if (string.IsNullOrEmpty(qemu.SerialSocket) || serial.Backend == SerialBackend.Disabled)
        {
            return new DisabledSerialPorts();
        }

        var port = new SerialPortOptions { Name = PortName, Device = UnixSocketSerialLink.Prefix + Path.GetFullPath(qemu.SerialSocket) };
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var console = new DeviceSerialConsole(port, serial, new SerialRingLog(serial.LogDirectory, PortName, serial.LogSizeBytes),
            services.GetRequiredService<TimeProvider>(), loggers.CreateLogger<DeviceSerialConsole>());
        return new SerialPortSet([console]);
    }
}
