using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Gpio;

/// <summary>Creates the System.Device.Gpio driver for a chip: the named one, or for Auto the first that opens it.</summary>
internal static partial class GpioDrivers
{
    /// <summary>The order Auto tries.</summary>
    public static readonly GpioDriverKind[] AutoOrder = [GpioDriverKind.LibGpiodV2, GpioDriverKind.LibGpiodV1, GpioDriverKind.SysFs];

    /// <summary>Parses N out of <c>/dev/gpiochipN</c>; false for any other path.</summary>
    public static bool TryParseChipNumber(string? chipPath, out int chipNumber)
    {
        chipNumber = -1;
        var match = chipPath is null ? null : ChipPathPattern().Match(chipPath);
        return match is { Success: true } && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out chipNumber);
    }

    /// <summary>Creates the driver; the returned mapping turns a line offset into the driver's pin number.</summary>
    public static (GpioDriver Driver, GpioDriverKind Kind, Func<int, int> PinOf) Create(string chipPath, GpioDriverKind setting, ILogger logger)
    {
        if (!TryParseChipNumber(chipPath, out var chip))
        {
            throw new GpioException($"GPIO chip '{chipPath}' is not a /dev/gpiochipN path.");
        }

        var reasons = new List<string>();
        foreach (var kind in setting == GpioDriverKind.Auto ? AutoOrder : [setting])
        {
            try
            {
                var (driver, pinOf) = CreateOne(kind, chipPath, chip);
                GpioLog.DriverChosen(logger, kind, chipPath, setting);
                return (driver, kind, pinOf);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var reason = Describe(exception);
                reasons.Add($"{kind}: {reason}");
                GpioLog.DriverUnavailable(logger, kind, chipPath, reason);
            }
        }

        throw new GpioException($"No GPIO driver can open {chipPath} (setting {setting}): {string.Join("; ", reasons)}");
    }

    private static (GpioDriver Driver, Func<int, int> PinOf) CreateOne(GpioDriverKind kind, string chipPath, int chip)
    {
        switch (kind)
        {
            case GpioDriverKind.LibGpiodV2:
                return (new LibGpiodV2Driver(chip), offset => offset);
            case GpioDriverKind.LibGpiodV1:
                return (new LibGpiodDriver(chip), offset => offset);
            case GpioDriverKind.SysFs:
                var first = SysFsGpioNumbering.FirstPin(chipPath);
                return (new SysFsDriver(), offset => first + offset);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a concrete GPIO driver");
        }
    }

    // A missing native library surfaces as DllNotFoundException, possibly wrapped by a type initializer.
    private static string Describe(Exception exception)
    {
        var outer = exception;
        while (outer is TypeInitializationException { InnerException: { } next })
        {
            outer = next;
        }

        var innermost = outer.GetBaseException();
        return ReferenceEquals(innermost, outer)
            ? $"{outer.GetType().Name}: {FirstSentence(outer.Message)}"
            : $"{outer.GetType().Name}: {FirstSentence(outer.Message)} ({innermost.GetType().Name}: {FirstSentence(innermost.Message)})";
    }

    // DllNotFoundException's message goes on for a dozen lines of probed paths; its first sentence names the library.
    private static string FirstSentence(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? line : line[..(end + 1)];
    }

    [GeneratedRegex(@"^/dev/gpiochip(\d{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex ChipPathPattern();
}
