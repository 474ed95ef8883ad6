namespace KvmPortal.Hardware.Gpio;

/// <summary>Which System.Device.Gpio driver talks to the GPIO chip (setting <c>KvmPortal:Atx:GpioDriver</c>).</summary>
public enum GpioDriverKind
{
    /// <summary>The first that opens the chip: <see cref="LibGpiodV2"/>, then <see cref="LibGpiodV1"/>, then <see cref="SysFs"/>.</summary>
    Auto,

    /// <summary><c>LibGpiodV2Driver</c> over libgpiod 2.x (<c>libgpiod.so.3</c>; not in Debian 12 or Raspberry Pi OS bookworm).</summary>
    LibGpiodV2,

    /// <summary><c>LibGpiodDriver</c> over libgpiod 1.x (<c>libgpiod.so.2</c>, Debian package libgpiod2): the one that works on bookworm.</summary>
    LibGpiodV1,

    /// <summary><c>SysFsDriver</c> over the deprecated <c>/sys/class/gpio</c> interface (no library needed).</summary>
    SysFs,
}
