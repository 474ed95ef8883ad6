using KvmPortal.Hardware.Gpio;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Atx;

/// <summary>Validates <see cref="AtxOptions"/> at start: timings in range, and for the Gpio backend a chip and distinct pins.</summary>
public sealed class AtxOptionsValidator : IValidateOptions<AtxOptions>
{
    private const string Section = "KvmPortal:Atx";
    private const int MaxLineOffset = 1023;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AtxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(options.ClickMs), options.ClickMs, 10, 10_000);
        Range(failures, nameof(options.LongClickMs), options.LongClickMs, 1_000, 30_000);
        Range(failures, nameof(options.ResetClickMs), options.ResetClickMs, 10, 10_000);
        Range(failures, nameof(options.BusyAfterClickMs), options.BusyAfterClickMs, 0, 10_000);
        Range(failures, nameof(options.LedPollMs), options.LedPollMs, 10, 5_000);
        Range(failures, nameof(options.LedDebounceMs), options.LedDebounceMs, 0, 5_000);
        Range(failures, nameof(options.PowerCycleOffMs), options.PowerCycleOffMs, 0, 600_000);
        if (options.LongClickMs <= options.ClickMs)
        {
            failures.Add($"{Section}:LongClickMs ({options.LongClickMs}) must be longer than ClickMs ({options.ClickMs}).");
        }

        if (!Enum.IsDefined(options.Backend))
        {
            failures.Add($"{Section}:Backend '{options.Backend}' is not one of {string.Join(", ", Enum.GetNames<AtxBackend>())}.");
        }

        if (options.Backend == AtxBackend.Gpio)
        {
            ValidateGpio(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateGpio(AtxOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.GpioChip))
        {
            failures.Add($"{Section}:GpioChip is required for the Gpio backend (for example /dev/gpiochip0).");
        }
        else if (!GpioDrivers.TryParseChipNumber(options.GpioChip, out _))
        {
            failures.Add($"{Section}:GpioChip '{options.GpioChip}' must be a /dev/gpiochipN path.");
        }

        if (!Enum.IsDefined(options.GpioDriver))
        {
            failures.Add($"{Section}:GpioDriver '{options.GpioDriver}' is not one of {string.Join(", ", Enum.GetNames<GpioDriverKind>())}.");
        }

        var pins = new (string Name, int? Pin, bool Required)[]
        {
            (nameof(options.PowerSwitchPin), options.PowerSwitchPin, true),
            (nameof(options.ResetSwitchPin), options.ResetSwitchPin, true),
            (nameof(options.PowerLedPin), options.PowerLedPin, true),
            (nameof(options.HddLedPin), options.HddLedPin, false),
        };
        foreach (var (pinName, pin, required) in pins)
        {
            if (pin is null)
            {
                if (required)
                {
                    failures.Add($"{Section}:{pinName} is required for the Gpio backend.");
                }
            }
            else if (pin < 0 || pin > MaxLineOffset)
            {
                failures.Add($"{Section}:{pinName} ({pin}) is not a valid GPIO line offset (0..{MaxLineOffset}).");
            }
        }

        foreach (var group in pins.Where(p => p.Pin is not null).GroupBy(p => p.Pin).Where(g => g.Count() > 1))
        {
            failures.Add($"{Section}: {string.Join(" and ", group.Select(p => p.Name))} use the same GPIO line {group.Key}.");
        }
    }

    private static void Range(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{name} ({value}) must be between {min} and {max}.");
        }
    }
}
