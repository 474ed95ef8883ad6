using System.Globalization;

namespace KvmPortal.Hardware.Gpio;

/// <summary>
/// Maps a line of <c>/dev/gpiochipN</c> to System.Device.Gpio's SysFsDriver pin numbers. sysfs numbers GPIOs globally
/// (the chip's <c>base</c> plus the offset), and SysFsDriver subtracts the base of the first <c>/sys/class/gpio</c> chip
/// whose label starts with "pinctrl" (the SoC's own controller on a Raspberry Pi), or nothing if there is none.
/// </summary>
internal static class SysFsGpioNumbering
{
    private const string ClassDir = "/sys/class/gpio";

    /// <summary>The driver pin number of line 0 of <paramref name="chipPath"/>.</summary>
    public static int FirstPin(string chipPath) => ChipBase(chipPath) - DriverOffset();

    /// <summary>
    /// The global number of line 0: the legacy class device (<c>gpio/gpiochipBASE</c>) sits under the chip's parent device,
    /// next to the chip itself (<c>/sys/bus/gpio/devices/gpiochipN</c>).
    /// </summary>
    private static int ChipBase(string chipPath)
    {
        if (!Directory.Exists(ClassDir))
        {
            throw new GpioException($"{ClassDir} does not exist (kernel built without CONFIG_GPIO_SYSFS)");
        }

        var name = Path.GetFileName(chipPath);
        var device = new DirectoryInfo($"/sys/bus/gpio/devices/{name}");
        var target = device.ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? throw new GpioException($"{device.FullName} does not exist: no GPIO chip {name}");
        var parent = Path.GetDirectoryName(target) ?? throw new GpioException($"{target} has no parent device");
        var legacy = Directory.Exists(Path.Combine(parent, "gpio")) ? Directory.GetDirectories(Path.Combine(parent, "gpio"), "gpiochip*") : [];
        if (legacy.Length != 1)
        {
            throw new GpioException($"cannot tell the sysfs number of {name}: {legacy.Length} gpiochip folders under {parent}/gpio");
        }

        return ReadInt(Path.Combine(legacy[0], "base"));
    }

    private static int DriverOffset()
    {
        foreach (var dir in Directory.EnumerateFileSystemEntries(ClassDir).Where(d => d.Contains("gpiochip", StringComparison.Ordinal)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "label")).StartsWith("pinctrl", StringComparison.Ordinal))
                {
                    return ReadInt(Path.Combine(dir, "base"));
                }
            }
            catch (IOException)
            {
                // Same as the driver: a chip folder without label/base is skipped.
            }
        }

        return 0;
    }

    private static int ReadInt(string file) => int.Parse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
