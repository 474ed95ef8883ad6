using System.Globalization;

namespace KvmPortal.Tests.Kernel.Gpio;

/// <summary>
/// A simulated GPIO chip made through gpio-sim's configfs interface (VM lab only; the module is built by
/// deploy/vmlab/modules.sh and loaded by run-kernel-tests.sh). One bank with named lines; the chip appears as
/// <see cref="DevicePath"/> (<c>/dev/gpiochipN</c>). The "other side" of every line is in sysfs: <see cref="ReadValue"/>
/// reads the level a consumer drives on an output, <see cref="Pull"/> pulls an input up or down (which raises edge events).
/// Dispose takes the chip down (<c>live=0</c>) and removes its configfs folders.
/// </summary>
/// <remarks>
/// Pitfall: a line shows as used slightly before its edge interrupt is armed. Pull an input only after the consumer's
/// line request (or edge callback registration) has returned.
/// </remarks>
public sealed class GpioSimChip : IDisposable
{
    /// <summary>gpio-sim's configfs root (configfs is mounted by the VM lab's prelude).</summary>
    public const string ConfigRoot = "/sys/kernel/config/gpio-sim";

    private readonly string _configDir;
    private readonly string[] _lineNames;
    private bool _disposed;

    private GpioSimChip(string configDir, string[] lineNames, string platformDevice, string chipName)
    {
        _configDir = configDir;
        _lineNames = lineNames;
        PlatformDevice = platformDevice;
        ChipName = chipName;
        ChipNumber = int.Parse(chipName["gpiochip".Length..], CultureInfo.InvariantCulture);
        SysfsDir = $"/sys/devices/platform/{platformDevice}/{chipName}";
    }

    /// <summary>Gets the chip's character device, e.g. <c>/dev/gpiochip0</c>.</summary>
    public string DevicePath => $"/dev/{ChipName}";

    /// <summary>Gets the chip's name, e.g. <c>gpiochip0</c>.</summary>
    public string ChipName { get; }

    /// <summary>Gets N of <c>/dev/gpiochipN</c>.</summary>
    public int ChipNumber { get; }

    /// <summary>Gets the platform device, e.g. <c>gpio-sim.0</c>.</summary>
    public string PlatformDevice { get; }

    /// <summary>Gets the sysfs folder that holds <c>sim_gpioK/value</c> and <c>sim_gpioK/pull</c>.</summary>
    public string SysfsDir { get; }

    /// <summary>Gets the line names in offset order.</summary>
    public IReadOnlyList<string> LineNames => _lineNames;

    /// <summary>
    /// Creates and brings up a chip whose lines 0..n-1 carry <paramref name="lineNames"/>; the configfs folder is
    /// <c>kvmportal-&lt;random&gt;</c> so that tests never collide with a leftover chip.
    /// </summary>
    public static GpioSimChip Create(params string[] lineNames)
    {
        ArgumentNullException.ThrowIfNull(lineNames);
        ArgumentOutOfRangeException.ThrowIfZero(lineNames.Length);
        if (!Directory.Exists(ConfigRoot))
        {
            throw new InvalidOperationException($"{ConfigRoot} does not exist: is gpio-sim loaded and configfs mounted? (run-kernel-tests.sh loads it)");
        }

        var dir = Path.Combine(ConfigRoot, "kvmportal-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(dir);
            var bank = Path.Combine(dir, "bank0");
            Directory.CreateDirectory(bank);
            File.WriteAllText(Path.Combine(bank, "num_lines"), lineNames.Length.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < lineNames.Length; i++)
            {
                var line = Path.Combine(bank, $"line{i}");
                Directory.CreateDirectory(line);
                File.WriteAllText(Path.Combine(line, "name"), lineNames[i]);
            }

            File.WriteAllText(Path.Combine(dir, "live"), "1");
            var device = File.ReadAllText(Path.Combine(dir, "dev_name")).Trim();
            var chip = File.ReadAllText(Path.Combine(bank, "chip_name")).Trim();
            var created = new GpioSimChip(dir, lineNames, device, chip);
            if (!File.Exists(created.DevicePath))
            {
                throw new InvalidOperationException($"gpio-sim chip {chip} is live but {created.DevicePath} does not exist");
            }

            return created;
        }
        catch
        {
            RemoveConfig(dir, lineNames.Length);
            throw;
        }
    }

    /// <summary>Gets the offset of the line named <paramref name="lineName"/>.</summary>
    public int Offset(string lineName)
    {
        var offset = Array.IndexOf(_lineNames, lineName);
        return offset >= 0 ? offset : throw new ArgumentException($"no line named '{lineName}' on {ChipName}", nameof(lineName));
    }

    /// <summary>Reads the level on line <paramref name="offset"/> from sysfs (what a consumer drives on an output).</summary>
    public bool ReadValue(int offset) => File.ReadAllText(LineFile(offset, "value")).Trim() switch
    {
        "1" => true,
        "0" => false,
        var other => throw new InvalidDataException($"{LineFile(offset, "value")} holds '{other}'"),
    };

    /// <summary>Pulls line <paramref name="offset"/> up (high) or down (low); an input sees the level and an edge.</summary>
    public void Pull(int offset, bool up) => File.WriteAllText(LineFile(offset, "pull"), up ? "pull-up" : "pull-down");

    /// <summary>Reads the line's current pull (<c>pull-up</c> or <c>pull-down</c>).</summary>
    public string ReadPull(int offset) => File.ReadAllText(LineFile(offset, "pull")).Trim();

    /// <summary>Takes the chip down and removes its configfs folders (the consumer must have released its lines).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        RemoveConfig(_configDir, _lineNames.Length);
    }

    private string LineFile(int offset, string file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, _lineNames.Length);
        return Path.Combine(SysfsDir, $"sim_gpio{offset}", file);
    }

    private static void RemoveConfig(string dir, int lines)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        var live = Path.Combine(dir, "live");
        if (File.Exists(live) && File.ReadAllText(live).Trim() == "1")
        {
            File.WriteAllText(live, "0");
        }

        // configfs folders are removed one by one, innermost first (their attribute files go with them).
        var bank = Path.Combine(dir, "bank0");
        for (var i = 0; i < lines; i++)
        {
            var line = Path.Combine(bank, $"line{i}");
            if (Directory.Exists(line))
            {
                Directory.Delete(line);
            }
        }

        if (Directory.Exists(bank))
        {
            Directory.Delete(bank);
        }

        Directory.Delete(dir);
    }
}
