using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using KvmPortal.Macros;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Macros;

/// <summary>Issue 10's acceptance: a recorded macro replays the same sequence of HID calls, with the same timing (virtual time).</summary>
public sealed class MacroReplayTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public async Task RecordedMacro_ReplaysTheSameHidCalls_WithTheRecordedTimingDividedBySpeed(double speed)
    {
        // Record what a console sends (through the console's recording HID tap).
        var recordClock = new StepClock();
        var original = new HidCallLog(recordClock);
        var recording = new MacroRecording(recordClock);
        var recorder = recording.Recorder;
        using var recordGate = TestInputGate.For(original, time: recordClock);
        using var console = recordGate.Open(InputDoor.Console, TestUsers.Operator());
        console.Tap = recording;
        recorder.Start();
        console.SendKey("ControlLeft", true);
        recordClock.Manual.Advance(TimeSpan.FromMilliseconds(35));
        console.SendKey("KeyA", true);
        recordClock.Manual.Advance(TimeSpan.FromMilliseconds(80));
        console.SendKey("KeyA", false);
        console.SendKey("ControlLeft", false);
        recordClock.Manual.Advance(TimeSpan.FromMilliseconds(250));
        console.SendAbsoluteMove(16384, 8000);
        recordClock.Manual.Advance(TimeSpan.FromMilliseconds(12));
        console.SendMouseButton(MouseButtons.Left, true);
        recordClock.Manual.Advance(TimeSpan.FromMilliseconds(90));
        console.SendMouseButton(MouseButtons.Left, false);
        console.SendRelativeMove(-20, 7);
        recordClock.Manual.Advance(TimeSpan.FromSeconds(1.5));
        console.SendWheel(-3, 1);
        var steps = recorder.Stop();
        console.SendKey("KeyB", true); // after Stop: not recorded

        // Store-and-load as JSON, as the store does, then replay on a fresh sink.
        var loaded = MacroJson.DeserializeSteps(MacroJson.SerializeSteps(steps));
        var replayClock = new StepClock();
        var replayed = new HidCallLog(replayClock);
        var audit = new AuditSink();
        var runner = new MacroRunner(TestInputGate.For(replayed, time: replayClock), new AtxSink(), audit, new SessionRevocation(), replayClock);
        var result = await replayClock.DriveAsync(Task.Run(() =>
            runner.RunAsync("ctrl-a and click", loaded, speed, TestUsers.Operator(), "192.0.2.5", CancellationToken.None)));

        Assert.Equal(MacroRunResult.Completed, result);
        var recordedCalls = original.Calls.SkipLast(1).ToList();
        Assert.Equal(recordedCalls.Select(c => c.Call), replayed.Calls.Select(c => c.Call));
        for (var i = 0; i < recordedCalls.Count; i++)
        {
            var expected = TimeSpan.FromTicks(recordedCalls[i].Ticks - recordedCalls[0].Ticks) / speed;
            var actual = TimeSpan.FromTicks(replayed.Calls[i].Ticks - replayed.Calls[0].Ticks);
            Assert.InRange(Math.Abs((actual - expected).TotalMilliseconds), 0, 1.5);
        }

        var row = Assert.Single(audit.Rows);
        Assert.Equal((AuditActions.MacroRun, "oscar", "ctrl-a and click", AuditOutcome.Success), (row.Action, row.User, row.Target, row.Outcome));
    }

    [Fact]
    public async Task Cancel_StopsAtOnce_AndReleasesWhatTheMacroHolds()
    {
        var clock = new StepClock();
        var hid = new HidCallLog(clock);
        var audit = new AuditSink();
        var runner = new MacroRunner(TestInputGate.For(hid, time: clock), new AtxSink(), audit, new SessionRevocation(), clock);
        MacroStep[] steps = [MacroStep.Key("ShiftLeft", true), MacroStep.Key("KeyX", true), MacroStep.Delay(10_000), MacroStep.Key("KeyY", true)];
        using var cancel = new CancellationTokenSource();

        var run = Task.Run(() => runner.RunAsync("hold", steps, 1, TestUsers.Operator(), null, cancel.Token));
        while (clock.Waiting == 0)
        {
            await Task.Delay(1);
        }

        clock.Manual.Advance(TimeSpan.FromMilliseconds(100));
        await cancel.CancelAsync();
        Assert.Equal(MacroRunResult.Cancelled, await run);

        Assert.Equal(["key ShiftLeft True", "key KeyX True"], hid.Calls.Take(2).Select(c => c.Call));
        Assert.Equal(["key KeyX False", "key ShiftLeft False"], hid.Calls.Skip(2).Select(c => c.Call).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(hid.Calls, c => c.Call.Contains("KeyY", StringComparison.Ordinal));
        Assert.Equal((AuditOutcome.Failure, "cancelled"), (audit.Rows.Single().Outcome, audit.Rows.Single().Details));
    }

    [Fact]
    public async Task Revoking_TheUser_CancelsTheirRunningMacro()
    {
        var clock = new StepClock();
        var hid = new HidCallLog(clock);
        var revocation = new SessionRevocation();
        var runner = new MacroRunner(TestInputGate.For(hid, revocation: revocation, time: clock), new AtxSink(), new AuditSink(), revocation, clock);
        var run = Task.Run(() => runner.RunAsync("long", [MacroStep.Delay(60_000), MacroStep.Key("KeyQ", true)], 1, TestUsers.Operator("olga"), null, CancellationToken.None));
        while (clock.Waiting == 0)
        {
            await Task.Delay(1);
        }

        revocation.Revoke("olga");
        Assert.Equal(MacroRunResult.Cancelled, await run);
        Assert.Empty(hid.Calls);
    }

    [Fact]
    public async Task RunningNeedsMacros_PlusThePermissionsOfItsSteps()
    {
        var clock = new StepClock();
        var hid = new HidCallLog(clock);
        var atx = new AtxSink();
        var audit = new AuditSink();
        var runner = new MacroRunner(TestInputGate.For(hid, time: clock), atx, audit, new SessionRevocation(), clock);
        MacroStep[] typing = [MacroStep.Key("KeyA", true), MacroStep.Key("KeyA", false)];
        MacroStep[] power = [new() { Kind = MacroStepKind.Power, Code = "On" }];

        Assert.Equal(MacroRunResult.Refused, await runner.RunAsync("t", typing, 1, TestUsers.With("vera", Permissions.View, Permissions.Macros), null, CancellationToken.None));
        Assert.Equal(MacroRunResult.Refused, await runner.RunAsync("t", typing, 1, TestUsers.With("carl", Permissions.View, Permissions.Control), null, CancellationToken.None));
        Assert.Equal(MacroRunResult.Refused, await runner.RunAsync("p", power, 1, TestUsers.With("carl", Permissions.Macros, Permissions.Control), null, CancellationToken.None));
        Assert.Empty(hid.Calls);
        Assert.Empty(atx.Actions);
        Assert.All(audit.Rows, r => Assert.Equal(AuditOutcome.Denied, r.Outcome));
        Assert.Equal("missing Control", audit.Rows[0].Details);

        Assert.Equal(MacroRunResult.Completed, await runner.RunAsync("p", power, 1, TestUsers.With("pat", Permissions.Macros, Permissions.Power), null, CancellationToken.None));
        Assert.Equal([Hardware.Atx.AtxPowerAction.On], atx.Actions);
    }
}
