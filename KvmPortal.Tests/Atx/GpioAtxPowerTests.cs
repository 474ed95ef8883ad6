using KvmPortal.Hardware.Atx;
using Xunit;

namespace KvmPortal.Tests.Atx;
/// <summary>The GPIO ATX backend: clicks, power actions, inverted lines, LEDs.</summary>
public sealed class GpioAtxPowerTests : GpioAtxPowerTestBase
{
    [Fact]
    public void Construction_RequestsOutputsReleasedAndInputs()
    {
        _ = Atx;

        Assert.True(Lines[PowerSwitch].IsOutput);
        Assert.False(Lines[PowerSwitch].High);
        Assert.True(Lines[ResetSwitch].IsOutput);
        Assert.False(Lines[ResetSwitch].High);
        Assert.False(Lines[PowerLed].IsOutput);
        Assert.False(Lines[HddLed].IsOutput);
        Assert.Equal("/dev/gpiochip0", Lines[PowerSwitch].Chip);
        Assert.Equal(new AtxState(Enabled: true, Busy: false, PowerLed: false, HddLed: false), Atx.State);
    }

    [Theory]
    [InlineData(AtxButton.Power, PowerSwitch, 100)]
    [InlineData(AtxButton.PowerLong, PowerSwitch, 5500)]
    [InlineData(AtxButton.Reset, ResetSwitch, 100)]
    public async Task Click_HoldsTheSwitchForItsDurationThenStaysBusyOneSecond(AtxButton button, int line, int durationMs)
    {
        var click = Atx.ClickAsync(button, wait: true, CancellationToken.None);

        Assert.True(Lines[line].High);
        Assert.True(Atx.State.Busy);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(durationMs - 1));
        Assert.True(Lines[line].High);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        Assert.False(Lines[line].High);
        Assert.Equal([(0.0, true), (durationMs, false)], Lines[line].Writes);

        Time.AdvanceInline(TimeSpan.FromMilliseconds(999));
        Assert.True(Atx.State.Busy);
        Assert.False(click.IsCompleted);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        await click;
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task Click_WithCustomDurations_UsesThem()
    {
        Atx = Create(new AtxOptions { ClickMs = 250, BusyAfterClickMs = 0 });

        var click = Atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(250));
        await click;

        Assert.Equal([(0.0, true), (250.0, false)], Lines[PowerSwitch].Writes);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task Click_WithoutWait_ReturnsOnceStarted()
    {
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);

        Assert.True(Lines[ResetSwitch].High);
        Assert.True(Atx.State.Busy);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        Assert.False(Lines[ResetSwitch].High);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task SecondAction_WhileBusy_ThrowsAtxBusyException_EvenANoOpOne()
    {
        var first = Atx.ClickAsync(AtxButton.Power, wait: true, CancellationToken.None);

        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.ClickAsync(AtxButton.Reset, wait: true, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerAsync(AtxPowerAction.Off, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerCycleAsync(wait: false, CancellationToken.None));
        Assert.Empty(Lines[ResetSwitch].Writes);

        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        await first;
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
        Assert.True(Lines[ResetSwitch].High);
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
        Assert.Empty(Lines[PowerSwitch].Writes);
        Assert.Empty(Lines[ResetSwitch].Writes);
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
        Time.AdvanceInline(TimeSpan.FromMilliseconds(durationMs + 1000));

        Assert.True(await task);
        Assert.Equal([(200.0, true), (200.0 + durationMs, false)], Lines[line].Writes);
    }

    [Fact]
    public void InvertedSwitches_IdleHighAndPullLowWhenPressed()
    {
        Atx = Create(new AtxOptions { PowerSwitchInverted = true, ResetSwitchInverted = true });

        Assert.True(Lines[PowerSwitch].High);
        Assert.True(Lines[ResetSwitch].High);
        _ = Atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None);
        Assert.False(Lines[PowerSwitch].High);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(100));
        Assert.True(Lines[PowerSwitch].High);
    }

    [Fact]
    public void InvertedLeds_ReadLitWhenLow()
    {
        Atx = Create(new AtxOptions { PowerLedInverted = true, HddLedInverted = true });

        Assert.True(Atx.State.PowerLed);
        Assert.True(Atx.State.HddLed);
        Lines[PowerLed].High = true;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.False(Atx.State.PowerLed);
        Assert.True(Atx.State.HddLed);
    }

    [Fact]
    public void Led_IsDebouncedFromItsEdge()
    {
        _ = Atx;
        Assert.True(Lines[PowerLed].HasEdgeDetection);
        Lines[PowerLed].High = true; // the edge starts the 100 ms debounce; no polling
        Time.AdvanceInline(TimeSpan.FromMilliseconds(99));
        Assert.False(Atx.State.PowerLed);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1)); // held for the 100 ms debounce
        Assert.True(Atx.State.PowerLed);

        // A glitch shorter than the debounce time is ignored.
        Lines[PowerLed].High = false;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(50));
        Lines[PowerLed].High = true;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(300));
        Assert.True(Atx.State.PowerLed);

        // A new level that flickers restarts the debounce from its last edge.
        Lines[PowerLed].High = false;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(60));
        Lines[PowerLed].High = true;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(10));
        Lines[PowerLed].High = false;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(99));
        Assert.True(Atx.State.PowerLed);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1));
        Assert.False(Atx.State.PowerLed);
    }

    [Fact]
    public void Construction_OpensTheConfiguredChipWithTheConfiguredDriver()
    {
        Atx = Create(new AtxOptions { GpioChip = "/dev/gpiochip3", GpioDriver = KvmPortal.Hardware.Gpio.GpioDriverKind.SysFs });

        Assert.Equal(KvmPortal.Hardware.Gpio.GpioDriverKind.SysFs, Lines.RequestedDriver);
        Assert.Equal("/dev/gpiochip3", Lines[PowerLed].Chip);
        Assert.True(Lines[HddLed].HasEdgeDetection);
        Assert.False(Lines[PowerSwitch].HasEdgeDetection);
    }

    [Fact]
    public void Leds_RaiseStateChanged()
    {
        _ = Atx;
        var states = new List<AtxState>();
        Atx.StateChanged += (_, s) => states.Add(s);

        Lines[HddLed].High = true;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200));

        Assert.Equal([new AtxState(true, false, false, true)], states);
    }

    [Fact]
    public void HddLed_IsOptional()
    {
        Atx = Create(new AtxOptions(), withHddLed: false);

        Assert.False(Lines.IsOpen(HddLed));
        Assert.False(Atx.State.HddLed);
    }
}
