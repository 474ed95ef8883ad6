using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Atx;

/// <summary>A forced power-off always wins (issue 15 item 8); every other action while busy still gets PiKVM's busy answer.</summary>
public sealed class ForceOffPreemptionTests : IDisposable
{
    private static readonly TimeSpan Continuation = TimeSpan.FromSeconds(10); // bound for a thread-pool hop, not a timing assertion
    private readonly ManualTimeProvider _time = new();
    private readonly SimulatedTarget _target;
    private readonly SimulatedAtxPower _atx;

    public ForceOffPreemptionTests()
    {
        _target = new SimulatedTarget(Options.Create(new SimulationOptions()), _time);
        _atx = new SimulatedAtxPower(Options.Create(new AtxOptions()), _target, _time, NullLogger<SimulatedAtxPower>.Instance);
    }

    public void Dispose()
    {
        _atx.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task ForceOff_RightAfterOn_WaitsOutTheShortClick_ThenHoldsPowerUntilTheTargetIsOff()
    {
        Assert.True(await _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        Assert.True(_target.IsPoweredOn);
        Assert.False(_atx.State.PowerLed); // the LED has not caught up yet: OffHard alone would have said "nothing to do"

        var forceOff = _atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None);
        Assert.False(forceOff.IsCompleted, "the forced off waits for the short click instead of failing");
        _time.AdvanceInline(TimeSpan.FromMilliseconds(100)); // the short press is released on time, never cut short
        Assert.False(forceOff.IsCompleted);
        Assert.True(_target.IsPoweredOn);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1000)); // busy-after-click ends: the forced off takes over

        Assert.True(await forceOff.WaitAsync(Continuation));
        Assert.True(_atx.State.Busy);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200));
        Assert.False(_target.IsPoweredOn);
        Assert.False(_atx.State.PowerLed);
        Assert.False(_atx.State.Busy);
        Assert.Equal(1, _target.BootCount);
    }

    [Fact]
    public async Task OtherActions_WhileTheShortClickRuns_StillAnswerBusy()
    {
        Assert.True(await _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));

        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.PowerAsync(AtxPowerAction.Off, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.PowerAsync(AtxPowerAction.ResetHard, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None));
        await Assert.ThrowsAsync<AtxBusyException>(() => _atx.PowerCycleAsync(wait: false, CancellationToken.None));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        Assert.False(_atx.State.Busy);
    }

    [Fact]
    public async Task SecondForceOff_JoinsTheRunningOne()
    {
        Assert.True(await _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        Assert.True(await _atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None));

        Assert.True(await _atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None));
        var joinedAndWaiting = _atx.ClickAsync(AtxButton.PowerLong, wait: true, CancellationToken.None);
        Assert.False(joinedAndWaiting.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000));
        await joinedAndWaiting.WaitAsync(Continuation);
        Assert.False(_target.IsPoweredOn);
    }

    [Fact]
    public async Task ForceOff_DuringAPowerCyclesPause_CancelsTheCycle_SoTheTargetStaysOff()
    {
        Assert.True(await _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        await _atx.PowerCycleAsync(wait: false, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200)); // long click done: off, now in the 5 s pause
        Assert.False(_target.IsPoweredOn);
        Assert.True(_atx.State.Busy);

        // In the pause the LED is trustworthy (off), so the forced off has nothing left to do once the cycle is cancelled.
        Assert.False(await _atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None).WaitAsync(Continuation));
        Assert.False(_atx.State.Busy);
        _time.AdvanceInline(TimeSpan.FromSeconds(20));
        Assert.False(_target.IsPoweredOn);
        Assert.Equal(1, _target.BootCount);
    }

    [Fact]
    public async Task WaitingCycleCaller_LearnsTheCycleWasInterrupted()
    {
        Assert.True(await _atx.PowerAsync(AtxPowerAction.On, wait: false, CancellationToken.None));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1100 + 200));
        var cycle = _atx.PowerCycleAsync(wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(2000)); // inside the long click: the LED is stale, the forced off clicks again

        var forceOff = _atx.PowerAsync(AtxPowerAction.OffHard, wait: false, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AtxBusyException>(() => cycle.WaitAsync(Continuation));
        Assert.Contains("forced power-off", error.Message, StringComparison.Ordinal);
        Assert.True(await forceOff.WaitAsync(Continuation));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 200));
        Assert.False(_target.IsPoweredOn);
        Assert.False(_atx.State.Busy);
    }
}
