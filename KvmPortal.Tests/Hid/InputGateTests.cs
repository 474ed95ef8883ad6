using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using KvmPortal.Macros;
using KvmPortal.Tests.Console;
using KvmPortal.Tests.Macros;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Hid;

/// <summary>The one input gate: the same rules for every door, counts, the recorder tap, and releasing what a client holds.</summary>
public sealed class InputGateTests : IDisposable
{
    private readonly FakeHidOutput _hid = new();
    private readonly ConsolePresence _presence = new();
    private readonly SessionRevocation _revocation = new();
    private readonly InputGate _gate;

    public InputGateTests() => _gate = TestInputGate.For(_hid, _presence, _revocation);

    [Theory]
    [InlineData(InputDoor.WebSocket)]
    [InlineData(InputDoor.Macro)]
    [InlineData(InputDoor.Vnc)]
    public void ExclusiveControl_RefusesOtherUsersDoors_ButNotTheHoldersOwn(InputDoor door)
    {
        var holder = ConsolePresenceTests.Admin("alice");
        _presence.Join(holder);
        _presence.SetMode(holder, ControlMode.Exclusive);
        using var other = _gate.Open(door, TestUsers.Operator("otto"));
        using var own = _gate.Open(door, TestUsers.With("alice", Permissions.View, Permissions.Control));
        var reasons = new List<string>();
        other.Refused += (_, r) => reasons.Add(r);

        Assert.False(other.SendKey("KeyQ", true));
        other.SendMouseButton(MouseButtons.Left, true);
        other.SendAbsoluteMove(5, 5);
        other.SendRelativeMove(1, 1);
        other.SendWheel(1, 0);
        Assert.True(own.SendKey("KeyA", true));

        Assert.Equal(["key KeyA down"], _hid.Calls);
        Assert.Equal(5, other.RefusedCount);
        Assert.All(reasons, r => Assert.Equal(InputGate.RefusedHeld, r));
        Assert.Equal((1, 5), (_gate.SentCount, _gate.RefusedCount));
    }

    [Fact]
    public void RestClient_IsKeptPerUser_SoAStateTrueKeyIsReleasedByTheNextCall()
    {
        var first = _gate.ForRequest(TestUsers.Operator("otto"));
        Assert.True(first.SendKey("ShiftLeft", true));
        var second = _gate.ForRequest(TestUsers.Operator("otto"));

        Assert.Same(first, second);
        Assert.True(second.SendKey("ShiftLeft", false));
        Assert.NotSame(first, _gate.ForRequest(TestUsers.Operator("oscar")));
    }

    [Fact]
    public void WithoutControl_EveryDoorIsRefused()
    {
        using var viewer = _gate.Open(InputDoor.WebSocket, TestUsers.With("vera", Permissions.View));
        var rest = _gate.ForRequest(TestUsers.With("vera", Permissions.View));

        Assert.False(viewer.SendKey("KeyA", true));
        Assert.False(rest.SendKey("KeyA", true));
        Assert.Equal(InputGate.RefusedRole, rest.RefusalReason);
        Assert.Empty(_hid.Calls);
    }

    [Fact]
    public void TakingControlAway_ReleasesWhatTheFormerHolderPressed()
    {
        var oscar = ConsolePresenceTests.Operator("oscar");
        var admin = ConsolePresenceTests.Admin("alice");
        _presence.Join(oscar);
        _presence.Join(admin);
        using var console = _gate.OpenConsole(oscar);
        _presence.SetMode(oscar, ControlMode.Exclusive);
        console.SendKey("ControlLeft", true);
        var lost = console.Lost;
        _hid.Calls.Clear();

        _presence.TakeControl(admin);

        Assert.Equal(["key ControlLeft up"], _hid.Calls);
        Assert.True(lost.IsCancellationRequested);
        Assert.False(console.SendKey("KeyA", true));
    }

    [Fact]
    public void Revoking_TheUser_ReleasesTheirKeys_OnEveryDoor_AndRefusesThem()
    {
        using var ws = _gate.Open(InputDoor.WebSocket, TestUsers.Operator("otto"));
        var rest = _gate.ForRequest(TestUsers.Operator("otto"));
        using var other = _gate.Open(InputDoor.WebSocket, TestUsers.Operator("oscar"));
        ws.SendKey("KeyA", true);
        rest.SendKey("KeyB", true);
        other.SendKey("KeyC", true);
        _hid.Calls.Clear();

        _revocation.Revoke("otto");

        Assert.Equal(["key KeyA up", "key KeyB up"], _hid.Calls.Order(StringComparer.Ordinal));
        Assert.Equal(InputGate.RefusedSignedOut, ws.RefusalReason);
        Assert.False(ws.SendKey("KeyD", true));
        Assert.NotSame(rest, _gate.ForRequest(TestUsers.Operator("otto"))); // a new request after signing in again gets a fresh client
    }

    [Fact]
    public void Dispose_ReleasesOnlyThatClientsKeys_AndForgetsIt()
    {
        var a = _gate.Open(InputDoor.WebSocket, TestUsers.Operator("otto"));
        using var b = _gate.Open(InputDoor.WebSocket, TestUsers.Operator("oscar"));
        a.SendKey("KeyA", true);
        a.SendMouseButton(MouseButtons.Right, true);
        b.SendKey("KeyB", true);
        _hid.Calls.Clear();

        a.Dispose();

        Assert.Equal(["key KeyA up", "button Right up"], _hid.Calls);
        Assert.DoesNotContain(a, _gate.Clients);
        Assert.Contains(b, _gate.Clients);
    }

    [Fact]
    public void Tap_SeesWhatWasLetThrough_NotWhatWasRefused()
    {
        var time = new ManualTimeProvider();
        var recording = new MacroRecording(time);
        var session = ConsolePresenceTests.Operator();
        _presence.Join(session);
        using var console = _gate.OpenConsole(session);
        console.Tap = recording;
        recording.Recorder.Start();

        console.SendKey("KeyA", true);
        _presence.SetViewOnly(session, true);
        console.SendKey("KeyB", true);
        var steps = recording.Recorder.Stop();

        Assert.Equal(["KeyA"], steps.Where(s => s.Kind == MacroStepKind.Key).Select(s => s.Code));
    }

    [Fact]
    public async Task Paste_AndShortcuts_AreRefusedWhole_WhenTheClientMayNotType()
    {
        var holder = ConsolePresenceTests.Admin("alice");
        _presence.Join(holder);
        _presence.SetMode(holder, ControlMode.Exclusive);
        var rest = _gate.ForRequest(TestUsers.Operator("otto"));

        var paste = await Assert.ThrowsAsync<InputRefusedException>(() => _gate.TypeAsync(rest, "hello", "en-us", null, CancellationToken.None));
        Assert.Equal(InputGate.RefusedHeld, paste.Message);
        Assert.True(HidShortcuts.TryGet("CtrlAltDel", out var shortcut));
        await Assert.ThrowsAsync<InputRefusedException>(() => _gate.SendShortcutAsync(rest, shortcut, CancellationToken.None));
        Assert.Throws<InputRefusedException>(() => _gate.ResetAll(rest));
        Assert.Empty(_hid.Calls);
    }

    [Fact]
    public async Task Paste_TypesThroughTheClient_AndCounts()
    {
        var rest = _gate.ForRequest(TestUsers.Operator("otto"));

        await _gate.TypeAsync(rest, "Hi", "en-us", null, CancellationToken.None);

        Assert.Equal(["key ShiftLeft down", "key KeyH down", "key KeyH up", "key ShiftLeft up", "key KeyI down", "key KeyI up"], _hid.Calls);
        Assert.Equal(6, rest.SentCount);
    }

    public void Dispose() => _gate.Dispose();
}
