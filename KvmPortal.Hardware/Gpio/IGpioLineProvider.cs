namespace KvmPortal.Hardware.Gpio;

/// <summary>Opens GPIO chips; the seam where tests substitute fake lines for System.Device.Gpio.</summary>
public interface IGpioLineProvider
{
    /// <summary>Opens <paramref name="chipPath"/> (<c>/dev/gpiochipN</c>) with <paramref name="driver"/> (or the first that works).</summary>
    /// <exception cref="GpioException">No (or not the named) driver can open the chip.</exception>
    IGpioChip OpenChip(string chipPath, GpioDriverKind driver);
}
