using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Atx;

public sealed class SimulatedAtxPowerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly SimulatedTarget _target;
    private readonly SimulatedAtxPower _atx;

    public SimulatedAtxPowerTests()
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
    public async Task On_BootsTheTargetAndTheLedFollows()
    {
        Assert.True(await Run(AtxPowerAction.On, 1100));

        Assert.True(_target.IsPoweredOn);
        Assert.True(_atx.State.PowerLed);
        Assert.Contains("No bootable device", _target.ScreenText, StringComparison.Ordinal);
        Assert.False(await Run(AtxPowerAction.On, 0));
        Assert.Equal(1, _target.BootCount);
    }

    [Fact]
    public async Task Off_ShutsTheTargetDownGracefully()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.Off, 1100));
        Assert.True(_target.IsShuttingDown);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(2000));
        Assert.False(_target.IsPoweredOn);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.False(_atx.State.PowerLed);
        Assert.False(await Run(AtxPowerAction.Off, 0));
    }

    [Fact]
    public async Task OffHard_ForcesTheTargetOffWithoutAShutdown()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.OffHard, 6500));
        Assert.False(_target.IsPoweredOn);
        Assert.False(_target.IsShuttingDown);
        Assert.False(_atx.State.PowerLed);
    }

    [Fact]
    public async Task ResetHard_RebootsARunningTarget()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.ResetHard, 1100));
        Assert.Equal(2, _target.BootCount);
        Assert.True(_target.IsPoweredOn);
    }

    [Fact]
    public async Task PowerCycle_TurnsARunningTargetOffAndOnAgain()
    {
        await Run(AtxPowerAction.On, 1100);

        var cycle = _atx.PowerCycleAsync(wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 5000 + 100 + 1000));
        await cycle;

        Assert.True(_target.IsPoweredOn);
        Assert.Equal(2, _target.BootCount);
    }

    [Fact]
    public async Task WatchAsync_YieldsTheCurrentStateThenChanges()
    {
        using var cts = new CancellationTokenSource();
        await using var watch = _atx.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new AtxState(true, false, false, false), watch.Current);

        await _atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.Busy);
    }

    private async Task<bool> Run(AtxPowerAction action, int advanceMs)
    {
        var task = _atx.PowerAsync(action, wait: true, CancellationToken.None);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(advanceMs));
        _time.AdvanceInline(TimeSpan.FromMilliseconds(200)); // let the LED poll and debounce see the result
        return await task;
    }
}
