using KvmPortal.Hardware.Atx;
using Xunit;

namespace KvmPortal.Tests.Atx;

/// <summary>A forced power-off always wins (issue 15 item 8); every other action while busy still gets PiKVM's busy answer.</summary>
public sealed class ForceOffPreemptionTests : SimulatedAtxPowerTestBase
{
    private static readonly TimeSpan Continuation = TimeSpan.FromSeconds(10); // bound for a thread-pool hop, not a timing assertion

    [Fact]
    public async Task ForceOff_RightAfterOn_WaitsOutTheShortClick_ThenHoldsPowerUntilTheTargetIsOff()
    {
        Assert.True(await Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Assert.True(Target.IsPoweredOn);
        Assert.False(Atx.State.PowerLed); // the LED has not caught up yet: OffHard alone would have said "nothing to do"

        var forceOff = Atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None);
        Assert.False(forceOff.IsCompleted, "the forced off waits for the short click instead of failing");
        Time.AdvanceInline(TimeSpan.FromMilliseconds(100)); // the short press is released on time, never cut short
        Assert.False(forceOff.IsCompleted);
        Assert.True(Target.IsPoweredOn);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1000)); // busy-after-click ends: the forced off takes over

        Assert.True(await forceOff.WaitAsync(Continuation));
        Assert.True(Atx.State.Busy);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200));
        Assert.False(Target.IsPoweredOn);
        Assert.False(Atx.State.PowerLed);
        Assert.False(Atx.State.Busy);
        Assert.Equal(1, Target.BootCount);
    }

    [Fact]
    public async Task OtherActions_WhileTheShortClickRuns_StillAnswerBusy()
    {
        Assert.True(await Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));

        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerAsync(AtxPowerAction.Off, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerAsync(AtxPowerAction.ResetHard, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => Atx.PowerCycleAsync(wait: false, CancellationToken.None));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        Assert.False(Atx.State.Busy);
    }

    [Fact]
    public async Task SecondForceOff_JoinsTheRunningOne()
    {
        Assert.True(await Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        Assert.True(await Atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None));

        Assert.True(await Atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None));
        var joinedAndWaiting = Atx.ClickAsync(AtxButton.PowerLong, wait: true, CancellationToken.None);
        Assert.False(joinedAndWaiting.IsCompleted);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000));
        await joinedAndWaiting.WaitAsync(Continuation);
        Assert.False(Target.IsPoweredOn);
    }

    [Fact]
    public async Task ForceOff_DuringAPowerCyclesPause_CancelsTheCycle_SoTheTargetStaysOff()
    {
        Assert.True(await Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        await Atx.PowerCycleAsync(wait: false, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200)); // long click done: off, now in the 5 s pause
        Assert.False(Target.IsPoweredOn);
        Assert.True(Atx.State.Busy);

        // In the pause the LED is trustworthy (off), so the forced off has nothing left to do once the cycle is cancelled.
        Assert.False(await Atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None).WaitAsync(Continuation));
        Assert.False(Atx.State.Busy);
        Time.AdvanceInline(TimeSpan.FromSeconds(20));
        Assert.False(Target.IsPoweredOn);
        Assert.Equal(1, Target.BootCount);
    }

    [Fact]
    public async Task WaitingCycleCaller_LearnsTheCycleWasInterrupted()
    {
        Assert.True(await Atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(2000)); // inside the long click: the LED is stale, the forced off clicks again

        var forceOff = Atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AtxBusyException>(() => cycle.WaitAsync(Continuation));
        Assert.Contains("forced power-off", error.Message, StringComparison.Ordinal);
        Assert.True(await forceOff.WaitAsync(Continuation));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200));
        Assert.False(Target.IsPoweredOn);
        Assert.False(Atx.State.Busy);
    }
}
