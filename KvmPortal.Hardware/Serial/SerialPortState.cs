namespace KvmPortal.Hardware.Serial;

/// <summary>A serial port's state.</summary>
/// <param name="Name">The configured name.</param>
/// <param name="Device">The device path or socket (<c>simulated</c> for the simulated target).</param>
/// <param name="Settings">Line settings in short form, for example <c>115200 8N1</c>.</param>
/// <param name="Connected">True while the device is open and bytes can flow.</param>
/// <param name="Detail">Why it is not connected (or null).</param>
/// <param name="Since">When <paramref name="Connected"/> last changed.</param>
public sealed record SerialPortState(string Name, string Device, string Settings, bool Connected, string? Detail, DateTimeOffset Since);
