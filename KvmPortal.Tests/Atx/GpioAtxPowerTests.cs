using KvmPortal.Hardware.Atx;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Atx;

public sealed class GpioAtxPowerTests : IDisposable
{
    private const int PowerSwitch = 23;
    private const int ResetSwitch = 27;
    private const int PowerLed = 24;
    private const int HddLed = 22;

    private readonly ManualTimeProvider _time = new();
    private readonly FakeGpioLines _lines;
    private GpioAtxPower? _atx;

    public GpioAtxPowerTests() => _lines = new FakeGpioLines(_time);

    private GpioAtxPower Atx => _atx ??= Create(new AtxOptions());

    public void Dispose() => _atx?.Dispose();

    [Fact]
    public void Construction_RequestsOutputsReleasedAndInputs()
    {
        _ = Atx;

        Assert.True(_lines[PowerSwitch].IsOutput);
        Assert.False(_lines[PowerSwitch].High);
        Assert.True(_lines[ResetSwitch].IsOutput);
        Assert.False(_lines[ResetSwitch].High);
        Assert.False(_lines[PowerLed].IsOutput);
        Assert.False(_lines[HddLed].IsOutput);
        Assert.Equal("/dev/gpiochip0", _lines[PowerSwitch].Chip);
        Assert.Equal(new AtxState(Enabled: true, Busy: false, PowerLed: false, HddLed: false), Atx.State);
    }

    [Theory]
    [InlineData(AtxButton.Power, PowerSwitch, 100)]
    [InlineData(AtxButton.PowerLong, PowerSwitch, 5500)]
    [InlineData(AtxButton.Reset, ResetSwitch, 100)]
    public async Task Click_HoldsTheSwitchForItsDurationThenStaysBusyOneSecond(AtxButton button, int line, int durationMs)
    {
        var click = Atx.ClickAsync(button, wait: true, CancellationToken.None);

        Assert.True(_lines[line].High);
        Assert.True(Atx.State.Busy);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(durationMs - 1));
        Assert.True(_lines[line].High);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        Assert.False(_lines[line].High);
        Assert.Equal([(0.0, true), (durationMs, false)], _lines[line].Writes);

        _time.AdvanceInline(TimeSpan.FromMilliseconds(999));
        Assert.True(Atx.State.Busy);
        Assert.False(click.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        await click;
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task Click_WithCustomDurations_UsesThem()
    {
        _atx = Create(new AtxOptions { ClickMs = 250, BusyAfterClickMs = 0 });

        var click = Atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(250));
        await click;

        Assert.Equal([(0.0, true), (250.0, false)], _lines[PowerSwitch].Writes);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task Click_WithoutWait_ReturnsOnceStarted()
    {
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);

        Assert.True(_lines[ResetSwitch].High);
        Assert.True(Atx.State.Busy);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        Assert.False(_lines[ResetSwitch].High);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task SecondAction_WhileBusy_ThrowsAtxBusyException_EvenANoOpOne()
    {
        var first = Atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);

        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.ClickAsync(AtxButton.Reset, wait: true, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerAsync(AtxPowerAction.Off, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerCycleAsync(wait: false, CancellationToken.None));
        Assert.Empty(_lines[ResetSwitch].Writes);

        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        await first;
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
        Assert.True(_lines[ResetSwitch].High);
    }

    [Theory]
    [InlineData(AtxPowerAction.On, true)]
    [InlineData(AtxPowerAction.Off, false)]
    [InlineData(AtxPowerAction.OffHard, false)]
    [InlineData(AtxPowerAction.ResetHard, false)]
    public async Task PowerAction_WhenTheLedShowsNothingToDo_ClicksNothing(AtxPowerAction action, bool ledOn)
    {
        _ = Atx;
        SetPowerLed(ledOn);

        var acted = await Atx.PowerAsync(action, wait: true, CancellationToken.None);

        Assert.False(acted);
        Assert.Empty(_lines[PowerSwitch].Writes);
        Assert.Empty(_lines[ResetSwitch].Writes);
        Assert.False(Atx.State.Busy);
    }

    [Theory]
    [InlineData(AtxPowerAction.On, false, PowerSwitch, 100)]
    [InlineData(AtxPowerAction.Off, true, PowerSwitch, 100)]
    [InlineData(AtxPowerAction.OffHard, true, PowerSwitch, 5500)]
    [InlineData(AtxPowerAction.ResetHard, true, ResetSwitch, 100)]
    public async Task PowerAction_WhenNeeded_ClicksTheRightButtonForTheRightTime(AtxPowerAction action, bool ledOn, int line, int durationMs)
    {
        _ = Atx;
        SetPowerLed(ledOn);

        var task = Atx.PowerAsync(action, wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(durationMs + 1000));

        Assert.True(await task);
        Assert.Equal([(200.0, true), (200.0 + durationMs, false)], _lines[line].Writes);
    }

    [Fact]
    public void InvertedSwitches_IdleHighAndPullLowWhenPressed()
    {
        _atx = Create(new AtxOptions { PowerSwitchInverted = true, ResetSwitchInverted = true });

        Assert.True(_lines[PowerSwitch].High);
        Assert.True(_lines[ResetSwitch].High);
        _ = Atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None);
        Assert.False(_lines[PowerSwitch].High);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(100));
        Assert.True(_lines[PowerSwitch].High);
    }

    [Fact]
    public void InvertedLeds_ReadLitWhenLow()
    {
        _atx = Create(new AtxOptions { PowerLedInverted = true, HddLedInverted = true });

        Assert.True(Atx.State.PowerLed);
        Assert.True(Atx.State.HddLed);
        _lines[PowerLed].High = true;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.False(Atx.State.PowerLed);
        Assert.True(Atx.State.HddLed);
    }

    [Fact]
    public void Led_IsDebouncedFromItsEdge()
    {
        _ = Atx;
        Assert.True(_lines[PowerLed].HasEdgeDetection);
        _lines[PowerLed].High = true; // the edge starts the 100 ms debounce; no polling
        _time.AdvanceInline(TimeSpan.FromMilliseconds(99));
        Assert.False(Atx.State.PowerLed);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1)); // held for the 100 ms debounce
        Assert.True(Atx.State.PowerLed);

        // A glitch shorter than the debounce time is ignored.
        _lines[PowerLed].High = false;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(50));
        _lines[PowerLed].High = true;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(300));
        Assert.True(Atx.State.PowerLed);

        // A new level that flickers restarts the debounce from its last edge.
        _lines[PowerLed].High = false;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(60));
        _lines[PowerLed].High = true;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(10));
        _lines[PowerLed].High = false;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(99));
        Assert.True(Atx.State.PowerLed);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        Assert.False(Atx.State.PowerLed);
    }

    [Fact]
    public void Construction_OpensTheConfiguredChipWithTheConfiguredDriver()
    {
        _atx = Create(new AtxOptions { GpioChip = "/dev/gpiochip3", GpioDriver = KvmPortal.Hardware.Gpio.GpioDriverKind.SysFs });

        Assert.Equal(KvmPortal.Hardware.Gpio.GpioDriverKind.SysFs, _lines.RequestedDriver);
        Assert.Equal("/dev/gpiochip3", _lines[PowerLed].Chip);
        Assert.True(_lines[HddLed].HasEdgeDetection);
        Assert.False(_lines[PowerSwitch].HasEdgeDetection);
    }

    [Fact]
    public void Leds_RaiseStateChanged()
    {
        _ = Atx;
        var states = new List<AtxState>();
        Atx.StateChanged += (_, s) => states.Add(s);

        _lines[HddLed].High = true;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(200));

        Assert.Equal([new AtxState(true, false, false, true)], states);
    }

    [Fact]
    public void HddLed_IsOptional()
    {
        _atx = Create(new AtxOptions(), withHddLed: false);

        Assert.False(_lines.IsOpen(HddLed));
        Assert.False(Atx.State.HddLed);
    }

    [Fact]
    public async Task PowerCycle_WhenOn_LongClickThenPauseThenShortClick()
    {
        _ = Atx;
        SetPowerLed(true);
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);

        _time.AdvanceInline(TimeSpan.FromMilliseconds(5000));
        _lines[PowerLed].High = false; // the target gives up while the button is held
        _time.AdvanceInline(TimeSpan.FromMilliseconds(500 + 1000 + 5000 + 100 + 1000)); // release, busy-after, pause, click, busy-after
        await cycle;

        Assert.Equal([(200.0, true), (5700.0, false), (11700.0, true), (11800.0, false)], _lines[PowerSwitch].Writes);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task PowerCycle_WhenOff_JustPowersOn()
    {
        _ = Atx;
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        await cycle;

        Assert.Equal([(0.0, true), (100.0, false)], _lines[PowerSwitch].Writes);
    }

    [Fact]
    public async Task PowerCycle_WhenTheLedStaysOn_FailsWithoutPoweringOn()
    {
        _ = Atx;
        SetPowerLed(true);
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 5000));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cycle);
        Assert.Contains("still on", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _lines[PowerSwitch].Writes.Count);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task CancelledClick_ReleasesTheButtonAndTheRegion()
    {
        using var cts = new CancellationTokenSource();
        var click = Atx.ClickAsync(AtxButton.PowerLong, wait: true, cts.Token);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1000));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => click);
        Assert.False(_lines[PowerSwitch].High);
        Assert.False(Atx.State.Busy);
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
    }

    [Fact]
    public void Dispose_DuringAClick_ReleasesTheButtonAndLaterStepsTouchNoLine()
    {
        _ = Atx.ClickAsync(AtxButton.PowerLong, wait: false, CancellationToken.None);
        Assert.True(_lines[PowerSwitch].High);

        Atx.Dispose();
        Assert.False(_lines[PowerSwitch].High);
        _time.AdvanceInline(TimeSpan.FromSeconds(10)); // the background click ends without throwing on a disposed line
        Assert.Equal([(0.0, true), (0.0, false)], _lines[PowerSwitch].Writes);
    }

    [Fact]
    public void Dispose_ReleasesEveryLine()
    {
        Atx.Dispose();

        Assert.All([PowerSwitch, ResetSwitch, PowerLed, HddLed], line => Assert.False(_lines.IsOpen(line)));
        Assert.True(_lines.ChipDisposed);
    }

    private GpioAtxPower Create(AtxOptions options, bool withHddLed = true)
    {
        options.PowerSwitchPin = PowerSwitch;
        options.ResetSwitchPin = ResetSwitch;
        options.PowerLedPin = PowerLed;
        options.HddLedPin = withHddLed ? HddLed : null;
        return new GpioAtxPower(Options.Create(options), _lines, _time, NullLogger<GpioAtxPower>.Instance);
    }

    private void SetPowerLed(bool on)
    {
        _lines[PowerLed].High = on;
        _time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.Equal(on, Atx.State.PowerLed);
    }
}
