using KvmPortal.Hardware.Atx;
using Xunit;

namespace KvmPortal.Tests.Atx;
/// <summary>The GPIO ATX backend: power cycle, cancelled clicks and disposal.</summary>
public sealed class GpioAtxPowerCycleTests : GpioAtxPowerTestBase
{
    [Fact]
    public async Task PowerCycle_WhenOn_LongClickThenPauseThenShortClick()
    {
        _ = Atx;
        SetPowerLed(true);
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);

        Time.AdvanceInline(TimeSpan.FromMilliseconds(5000));
        Lines[PowerLed].High = false; // the target gives up while the button is held
        Time.AdvanceInline(TimeSpan.FromMilliseconds(500 + 1000 + 5000 + 100 + 1000)); // release, busy-after, pause, click, busy-after
        await cycle;

        Assert.Equal([(200.0, true), (5700.0, false), (11700.0, true), (11800.0, false)], Lines[PowerSwitch].Writes);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task PowerCycle_WhenOff_JustPowersOn()
    {
        _ = Atx;
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        await cycle;

        Assert.Equal([(0.0, true), (100.0, false)], Lines[PowerSwitch].Writes);
    }

    [Fact]
    public async Task PowerCycle_WhenTheLedStaysOn_FailsWithoutPoweringOn()
    {
        _ = Atx;
        SetPowerLed(true);
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 5000));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cycle);
        Assert.Contains("still on", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Lines[PowerSwitch].Writes.Count);
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task CancelledClick_ReleasesTheButtonAndTheRegion()
    {
        using var cts = new CancellationTokenSource();
        var click = Atx.ClickAsync(AtxButton.PowerLong, wait: true, cts.Token);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1000));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => click);
        Assert.False(Lines[PowerSwitch].High);
        Assert.False(Atx.State.Busy);
        await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
    }

    [Fact]
    public void Dispose_DuringAClick_ReleasesTheButtonAndLaterStepsTouchNoLine()
    {
        _ = Atx.ClickAsync(AtxButton.PowerLong, wait: false, CancellationToken.None);
        Assert.True(Lines[PowerSwitch].High);

        Atx.Dispose();
        Assert.False(Lines[PowerSwitch].High);
        Time.AdvanceInline(TimeSpan.FromSeconds(10)); // the background click ends without throwing on a disposed line
        Assert.Equal([(0.0, true), (0.0, false)], Lines[PowerSwitch].Writes);
    }

    [Fact]
    public void Dispose_ReleasesEveryLine()
    {
        Atx.Dispose();

        Assert.All([PowerSwitch, ResetSwitch, PowerLed, HddLed], line => Assert.False(Lines.IsOpen(line)));
        Assert.True(Lines.ChipDisposed);
    }
}
