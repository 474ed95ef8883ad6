using System.IO.Ports;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Serial;

/// <summary>Validates <see cref="SerialOptions"/> at start: sizes and timings in range, and for the Device backend well-formed, distinct ports.</summary>
public sealed partial class SerialOptionsValidator : IValidateOptions<SerialOptions>
{
    public const long MinLogBytes = 2L * (SerialRingLog.MaxRecordBytes + SerialRingLog.HeaderSize);
    public const long MaxLogBytes = 1024L * 1024 * 1024;
    private const string Section = "KvmPortal:Serial";
    private static readonly int[] DataBitChoices = [5, 6, 7, 8];

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SerialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Backend))
        {
            failures.Add($"{Section}:Backend '{options.Backend}' is not one of {string.Join(", ", Enum.GetNames<SerialBackend>())}.");
        }

        LogSize(failures, $"{Section}:LogSizeBytes", options.LogSizeBytes);
        if (options.ReopenIntervalMs is < 50 or > 60_000)
        {
            failures.Add($"{Section}:ReopenIntervalMs ({options.ReopenIntervalMs}) must be between 50 and 60000.");
        }

        if (options.BreakMs is < 10 or > 5_000)
        {
            failures.Add($"{Section}:BreakMs ({options.BreakMs}) must be between 10 and 5000.");
        }

        if (options.PasteLineDelayMs is < 0 or > 10_000)
        {
            failures.Add($"{Section}:PasteLineDelayMs ({options.PasteLineDelayMs}) must be between 0 and 10000.");
        }

        if (options.PasteCharDelayMs is < 0 or > 1_000)
        {
            failures.Add($"{Section}:PasteCharDelayMs ({options.PasteCharDelayMs}) must be between 0 and 1000.");
        }

        if (options.MaxPendingInputBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Section}:MaxPendingInputBytes ({options.MaxPendingInputBytes}) must be between 1024 and 16777216.");
        }

        if (!IsName(options.SimulatedPortName))
        {
            failures.Add($"{Section}:SimulatedPortName '{options.SimulatedPortName}' must be 1-32 letters, digits, '-' or '_'.");
        }

        if (options.Backend == SerialBackend.Device)
        {
            if (options.Ports.Count == 0)
            {
                failures.Add($"{Section}:Ports is empty: the Device backend needs at least one port (Name, Device, BaudRate...).");
            }

            for (var i = 0; i < options.Ports.Count; i++)
            {
                ValidatePort(failures, $"{Section}:Ports:{i}", options.Ports[i]);
            }

            foreach (var group in options.Ports.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                failures.Add($"{Section}:Ports: the name '{group.Key}' is used {group.Count()} times.");
            }

            foreach (var group in options.Ports.GroupBy(p => p.Device, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                failures.Add($"{Section}:Ports: the device '{group.Key}' is used {group.Count()} times.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Gets a value indicating whether <paramref name="name"/> is a valid port name.</summary>
    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    private static void ValidatePort(List<string> failures, string at, SerialPortOptions port)
    {
        if (!IsName(port.Name))
        {
            failures.Add($"{at}:Name '{port.Name}' must be 1-32 letters, digits, '-' or '_'.");
        }

        if (string.IsNullOrWhiteSpace(port.Device))
        {
            failures.Add($"{at}:Device is required (a tty such as /dev/ttyUSB0, or unix:/path/to.sock).");
        }
        else if (!port.Device.StartsWith("/dev/", StringComparison.Ordinal) && !port.Device.StartsWith("unix:/", StringComparison.Ordinal))
        {
            failures.Add($"{at}:Device '{port.Device}' must be a /dev/ path or unix:/absolute/path.");
        }

        if (port.BaudRate is < 50 or > 4_000_000)
        {
            failures.Add($"{at}:BaudRate ({port.BaudRate}) must be between 50 and 4000000.");
        }

        if (!DataBitChoices.Contains(port.DataBits))
        {
            failures.Add($"{at}:DataBits ({port.DataBits}) must be 5, 6, 7 or 8.");
        }

        if (!Enum.IsDefined(port.Parity))
        {
            failures.Add($"{at}:Parity '{port.Parity}' is not one of {string.Join(", ", Enum.GetNames<Parity>())}.");
        }

        if (port.StopBits is not (StopBits.One or StopBits.OnePointFive or StopBits.Two))
        {
            failures.Add($"{at}:StopBits '{port.StopBits}' must be One, OnePointFive or Two.");
        }

        if (!Enum.IsDefined(port.FlowControl))
        {
            failures.Add($"{at}:FlowControl '{port.FlowControl}' is not one of {string.Join(", ", Enum.GetNames<Handshake>())}.");
        }

        if (port.LogSizeBytes is { } size)
        {
            LogSize(failures, $"{at}:LogSizeBytes", size);
        }
    }

    private static void LogSize(List<string> failures, string at, long size)
    {
        if (size < MinLogBytes || size > MaxLogBytes)
        {
            failures.Add($"{at} ({size}) must be between {MinLogBytes} and {MaxLogBytes}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
