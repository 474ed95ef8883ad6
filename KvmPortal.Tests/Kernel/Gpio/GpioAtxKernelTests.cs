using System.Diagnostics;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Gpio;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Gpio;

/// <summary>
/// The Gpio ATX backend against a gpio-sim chip, through the same code the Pi runs (DeviceGpioLineProvider with the driver
/// setting Auto, which picks libgpiod v1 on Debian 12 / Raspberry Pi OS bookworm). Switch levels are read from gpio-sim's
/// sysfs <c>value</c>, LEDs are driven with its <c>pull</c>. Tolerances allow for QEMU TCG scheduling.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class GpioAtxKernelTests : IDisposable
{
    private const int ClickMs = 300;
    private const int LongClickMs = 1000;
    private const int DebounceMs = 100;
    private const double EarlyToleranceMs = 5;
    private const double LateToleranceMs = 400;

    private readonly GpioSimChip _sim = GpioSimChip.Create("atx-power-switch", "atx-reset-switch", "atx-power-led", "atx-hdd-led");
    private readonly ListLogger<DeviceGpioLineProvider> _gpioLog = new(echo: true);
    private GpioAtxPower? _atx;

    private int PowerSwitch => _sim.Offset("atx-power-switch");

    private int ResetSwitch => _sim.Offset("atx-reset-switch");

    private int PowerLed => _sim.Offset("atx-power-led");

    private int HddLed => _sim.Offset("atx-hdd-led");

    public void Dispose()
    {
        _atx?.Dispose();
        _sim.Dispose();
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task PowerClick_AutoPicksLibgpiodV1_DrivesTheSwitchHighForClickMsThenLow()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions());

        Assert.Equal(GpioDriverKind.LibGpiodV1, atx.Driver);
        Assert.Contains(_gpioLog.Entries, e => e.Message == $"GPIO driver LibGpiodV1 chosen for {_sim.DevicePath} (setting Auto)");
        Assert.False(_sim.ReadValue(PowerSwitch), "the switch idles released (low)");
        using var power = new GpioLevelRecorder(_sim, PowerSwitch);
        using var reset = new GpioLevelRecorder(_sim, ResetSwitch);

        await atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);

        AssertPulse(power, high: true, ClickMs);
        reset.Sync();
        Assert.Empty(reset.Changes);
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task SysFsDriver_WhenNamed_ClicksAndSensesTheSameLines()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions { GpioDriver = GpioDriverKind.SysFs });

        Assert.Equal(GpioDriverKind.SysFs, atx.Driver);
        Assert.Contains(_gpioLog.Entries, e => e.Message == $"GPIO driver SysFs chosen for {_sim.DevicePath} (setting SysFs)");
        using var power = new GpioLevelRecorder(_sim, PowerSwitch);
        await atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);
        AssertPulse(power, high: true, ClickMs);

        var on = await PullAndWait(atx, PowerLed, up: true, s => s.PowerLed);
        System.Console.Error.WriteLine($"sysfs driver: power LED on after {on:0} ms");
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task LongPress_HoldsTheSwitchForLongClickMs()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions());
        using var power = new GpioLevelRecorder(_sim, PowerSwitch);

        await atx.ClickAsync(AtxButton.PowerLong, wait: true, CancellationToken.None);

        AssertPulse(power, high: true, LongClickMs);
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task InvertedLines_SwitchesIdleHighAndPulseLow_LedLitWhenLow()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions { PowerSwitchInverted = true, ResetSwitchInverted = true, PowerLedInverted = true });

        Assert.True(_sim.ReadValue(PowerSwitch), "an active-low switch idles high");
        Assert.True(_sim.ReadValue(ResetSwitch), "an active-low switch idles high");
        Assert.True(atx.State.PowerLed, "gpio-sim pulls inputs down by default: an active-low LED reads lit");
        using var reset = new GpioLevelRecorder(_sim, ResetSwitch);

        await atx.ClickAsync(AtxButton.Reset, wait: true, CancellationToken.None);
        AssertPulse(reset, high: false, ClickMs);

        var off = await PullAndWait(atx, PowerLed, up: true, s => !s.PowerLed);
        System.Console.Error.WriteLine($"inverted power LED: pull-up read as off after {off:0} ms");
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task LedInputs_PulledUpAndDown_TurnTheReportedStateOnAndOffWithinTheDebounceTime_GlitchesIgnored()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions());
        Assert.Equal(new AtxState(Enabled: true, Busy: false, PowerLed: false, HddLed: false), atx.State);

        var on = await PullAndWait(atx, PowerLed, up: true, s => s.PowerLed);
        Assert.False(await atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None), "On is a no-op while the LED is lit");
        var hdd = await PullAndWait(atx, HddLed, up: true, s => s.HddLed);
        var off = await PullAndWait(atx, PowerLed, up: false, s => !s.PowerLed);
        System.Console.Error.WriteLine($"gpio atx: power LED on after {on:0} ms, hdd LED on after {hdd:0} ms, power LED off after {off:0} ms (debounce {DebounceMs} ms)");

        // A pulse far shorter than the debounce time never reaches the state.
        var changes = new List<AtxState>();
        atx.StateChanged += (_, s) => { lock (changes) { changes.Add(s); } };
        _sim.Pull(PowerLed, up: true);
        _sim.Pull(PowerLed, up: false);
        await Task.Delay(DebounceMs * 4);
        Assert.False(atx.State.PowerLed);
        lock (changes)
        {
            Assert.DoesNotContain(changes, s => s.PowerLed);
        }
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task ActionWhileAClickRuns_AnswersBusy_AndTouchesNoLine()
    {
        KernelTest.RequireVmLab();
        var atx = Start(new AtxOptions(), busyAfterClickMs: 200);
        using var reset = new GpioLevelRecorder(_sim, ResetSwitch);

        Assert.True(await atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Assert.True(atx.State.Busy);
        Assert.True(_sim.ReadValue(PowerSwitch), "the power click is running");

        await Assert.ThrowsAsync<AtxBusyException>(() => atx.ClickAsync(AtxButton.Reset, wait: true, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => atx.PowerAsync(AtxPowerAction.On, wait: true, CancellationToken.None));

        var deadline = Stopwatch.StartNew();
        while (atx.State.Busy)
        {
            Assert.True(deadline.ElapsedMilliseconds < ClickMs + 200 + LateToleranceMs * 2, "the click ended");
            await Task.Delay(10);
        }

        Assert.False(_sim.ReadValue(PowerSwitch));
        reset.Sync();
        Assert.Empty(reset.Changes);
    }

    private GpioAtxPower Start(AtxOptions options, int busyAfterClickMs = 0)
    {
        options.Backend = AtxBackend.Gpio;
        options.GpioChip = _sim.DevicePath;
        options.PowerSwitchPin = PowerSwitch;
        options.ResetSwitchPin = ResetSwitch;
        options.PowerLedPin = PowerLed;
        options.HddLedPin = HddLed;
        options.ClickMs = ClickMs;
        options.ResetClickMs = ClickMs;
        options.LongClickMs = LongClickMs;
        options.BusyAfterClickMs = busyAfterClickMs;
        options.LedDebounceMs = DebounceMs;
        var validation = new AtxOptionsValidator().Validate(null, options);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        _atx = new GpioAtxPower(Options.Create(options), new DeviceGpioLineProvider(_gpioLog), TimeProvider.System, new ListLogger<GpioAtxPower>(echo: true));
        return _atx;
    }

    /// <summary>Pulls an LED line (only after the backend's edge request returned, which Start guarantees) and returns ms until the state shows it.</summary>
    private async Task<double> PullAndWait(GpioAtxPower atx, int line, bool up, Func<AtxState, bool> reached)
    {
        var clock = Stopwatch.StartNew();
        _sim.Pull(line, up);
        while (!reached(atx.State))
        {
            Assert.True(clock.Elapsed.TotalMilliseconds < DebounceMs + LateToleranceMs, $"line {line} pulled {(up ? "up" : "down")}: state still {atx.State} after {clock.Elapsed.TotalMilliseconds:0} ms");
            await Task.Delay(2);
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        Assert.True(ms >= DebounceMs - EarlyToleranceMs, $"line {line}: state changed after {ms:0} ms, before the {DebounceMs} ms debounce");
        return ms;
    }

    private static void AssertPulse(GpioLevelRecorder recorder, bool high, int expectedMs)
    {
        recorder.Sync();
        var changes = recorder.Changes;
        Assert.True(changes.Count == 2 && changes[0].High == high && changes[1].High != high, $"expected one {(high ? "high" : "low")} pulse: {recorder}");

        // The true start lies in (LastOldMs, AtMs] of the first change, the true end in that of the second.
        var longest = changes[1].AtMs - changes[0].LastOldMs;
        var shortest = changes[1].LastOldMs - changes[0].AtMs;
        System.Console.Error.WriteLine($"gpio atx: line held {(high ? "high" : "low")} for {shortest:0}..{longest:0} ms (expected {expectedMs} ms)");
        Assert.True(longest >= expectedMs - EarlyToleranceMs, $"held for at most {longest:0} ms, expected {expectedMs} ms: {recorder}");
        Assert.True(shortest <= expectedMs + LateToleranceMs, $"held for at least {shortest:0} ms, expected {expectedMs} ms: {recorder}");
    }
}
