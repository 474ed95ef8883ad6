using Xunit;
using KvmPortal.Hardware.Hid;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Hid;

public class JigglerAndShortcutTests
{
    [Fact]
    public async Task Jiggler_MovesOneStepAndBackOnlyAfterIdleInterval()
    {
        var time = new ManualTimeProvider();
        var output = new RecordingHidOutput(time);
        output.SendAbsoluteMove(100, 200);
        output.Calls.Clear();
        using var jiggler = new HidJiggler(output, time, Options.Create(new HidOptions { JigglerEnabled = true }),
            NullLogger<HidJiggler>.Instance, new Random(7));
        await jiggler.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(44));
        Assert.Empty(output.Calls);
        time.Advance(TimeSpan.FromSeconds(31)); // 75 s: the longest randomised interval has passed
        Assert.Equal(["abs 101 200", "abs 100 200"], output.Calls);

        // Activity postpones the next jiggle: keep typing every 30 s for 5 minutes.
        output.Calls.Clear();
        for (var i = 0; i < 10; i++)
        {
            output.SendKey("KeyA", false);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(10, output.Calls.Count);
        Assert.All(output.Calls, c => Assert.StartsWith("key", c, StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(75));
        Assert.Equal(2, output.Calls.Count(c => c.StartsWith("abs", StringComparison.Ordinal)));
        Assert.Equal(2, jiggler.Count);
    }

    [Fact]
    public async Task Jiggler_Disabled_DoesNothing()
    {
        var time = new ManualTimeProvider();
        var output = new RecordingHidOutput(time);
        using var jiggler = new HidJiggler(output, time, Options.Create(new HidOptions()), NullLogger<HidJiggler>.Instance);
        await jiggler.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(output.Calls);
    }

    [Fact]
    public async Task Shortcut_PressesInOrderAndReleasesInReverse()
    {
        var time = new ManualTimeProvider();
        var output = new RecordingHidOutput(time);
        Assert.True(HidShortcuts.TryGet("ctrlaltdel", out var shortcut));
        var task = HidShortcuts.SendAsync(output, shortcut, time);
        for (var i = 0; i < 10 && !task.IsCompleted; i++)
        {
            time.Advance(HidShortcuts.Gap);
        }

        await task;
        Assert.Equal(
            ["key ControlLeft True", "key AltLeft True", "key Delete True", "key Delete False", "key AltLeft False", "key ControlLeft False"],
            output.Calls);
    }

    [Fact]
    public void Catalogue_HasSysRqCombinationsAndOnlyKnownKeys()
    {
        Assert.True(HidShortcuts.TryGet("SysRq+B", out var sysrq));
        Assert.Equal(["AltLeft", "PrintScreen", "KeyB"], sysrq.Keys);
        Assert.All(HidShortcuts.All.SelectMany(s => s.Keys), k => Assert.True(HidKeyTable.TryGet(k, out _), k));
        Assert.Contains(HidShortcuts.All, s => s.Name == "Win");
        Assert.Contains(HidShortcuts.All, s => s.Name == "AltTab");
    }
}
