using KvmPortal.Hardware.Atx;
using Xunit;

namespace KvmPortal.Tests.Atx;

public sealed class SimulatedAtxPowerTests : SimulatedAtxPowerTestBase
{
    [Fact]
    public async Task On_BootsTheTargetAndTheLedFollows()
    {
        Assert.True(await Run(AtxPowerAction.On, 1100));

        Assert.True(Target.IsPoweredOn);
        Assert.True(Atx.State.PowerLed);
        Assert.Contains("No bootable device", Target.ScreenText, StringComparison.Ordinal);
        Assert.False(await Run(AtxPowerAction.On, 0));
        Assert.Equal(1, Target.BootCount);
    }

    [Fact]
    public async Task Off_ShutsTheTargetDownGracefully()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.Off, 1100));
        Assert.True(Target.IsShuttingDown);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(2000));
        Assert.False(Target.IsPoweredOn);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.False(Atx.State.PowerLed);
        Assert.False(await Run(AtxPowerAction.Off, 0));
    }

    [Fact]
    public async Task OffHard_ForcesTheTargetOffWithoutAShutdown()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.OffHard, 6500));
        Assert.False(Target.IsPoweredOn);
        Assert.False(Target.IsShuttingDown);
        Assert.False(Atx.State.PowerLed);
    }

    [Fact]
    public async Task ResetHard_RebootsARunningTarget()
    {
        await Run(AtxPowerAction.On, 1100);

        Assert.True(await Run(AtxPowerAction.ResetHard, 1100));
        Assert.Equal(2, Target.BootCount);
        Assert.True(Target.IsPoweredOn);
    }

    [Fact]
    public async Task PowerCycle_TurnsARunningTargetOffAndOnAgain()
    {
        await Run(AtxPowerAction.On, 1100);

        var cycle = Atx.PowerCycleAsync(wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(5500 + 1000 + 5000 + 100 + 1000));
        await cycle;

        Assert.True(Target.IsPoweredOn);
        Assert.Equal(2, Target.BootCount);
    }

    [Fact]
    public async Task WatchAsync_YieldsTheCurrentStateThenChanges()
    {
        using var cts = new CancellationTokenSource();
        await using var watch = Atx.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new AtxState(true, false, false, false), watch.Current);

        await Atx.ClickAsync(AtxButton.Power, wait: false, CancellationToken.None);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.Busy);
    }

    [Fact]
    public async Task NotBusy_IsPublishedOnlyOnceTheNextActionCanStart()
    {
        // What an IPMI client or a PiKVM client does: wait for Busy = false, then press the next button at once.
        var sawBusy = false;
        Exception? refused = null;
        var pressed = false;
        void OnChanged(object? sender, AtxState state)
        {
            sawBusy |= state.Busy;
            if (sawBusy && !state.Busy && !pressed)
            {
                pressed = true;
                try
                {
                    _ = Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
                }
                catch (AtxBusyException exception)
                {
                    refused = exception;
                }
            }
        }

        Atx.StateChanged += OnChanged;
        try
        {
            await Run(AtxPowerAction.On, 1100);
        }
        finally
        {
            Atx.StateChanged -= OnChanged;
        }

        Assert.True(pressed, "Busy went true and back to false");
        Assert.Null(refused);
        Assert.True(Atx.State.Busy, "the reset click pressed from the handler is running");
    }

    [Fact]
    public async Task StateChanged_EndsWithTheCurrentState_WhenChangesComeFromManyThreads()
    {
        var last = Atx.State;
        Atx.StateChanged += (_, state) => last = state;
        await Run(AtxPowerAction.On, 1100);

        var clicks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Atx.ClickAsync(AtxButton.Reset, wait: false, CancellationToken.None);
            }
            catch (AtxBusyException)
            {
                // Only one click runs at a time; the others are refused.
            }
        }));
        await Task.WhenAll(clicks);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(1100));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200));

        Assert.False(Atx.State.Busy);
        Assert.Equal(Atx.State, last);
    }

    private async Task<bool> Run(AtxPowerAction action, int advanceMs)
    {
        var task = Atx.PowerAsync(action, wait: true, CancellationToken.None);
        Time.AdvanceInline(TimeSpan.FromMilliseconds(advanceMs));
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200)); // let the LED poll and debounce see the result
        return await task;
    }
}
