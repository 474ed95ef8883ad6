using KvmPortal.Console;
using KvmPortal.Hid;
using KvmPortal.Tests.Hid;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Console;

public sealed class ConsoleInputTests : IDisposable
{
    private readonly ConsolePresence _presence = new();
    private readonly FakeHidOutput _hid = new();
    private readonly ConsoleSession _session = ConsolePresenceTests.Operator();
    private readonly InputGate _gate;
    private readonly ConsoleInput _input;

    public ConsoleInputTests()
    {
        _gate = TestInputGate.For(_hid, _presence);
        _presence.Join(_session);
        _input = new ConsoleInput(_gate.OpenConsole(_session));
    }

    [Fact]
    public void AllowedInput_ReachesTheHid_InOrder()
    {
        Assert.True(_input.OnKey("KeyA", true));
        Assert.True(_input.OnKey("KeyA", false));
        Assert.True(_input.OnMouseAbsolute(40000, -5));
        Assert.True(_input.OnMouseRelative(3, -4));
        Assert.True(_input.OnMouseButton(2, true));
        Assert.True(_input.OnWheel(500, -1));

        Assert.Equal(["key KeyA down", "key KeyA up", "abs 32767 0", "rel 3 -4", "button Right down", "wheel 127 -1"], _hid.Calls);
        Assert.Equal(6, _input.SentCount);
        Assert.Equal(0, _input.RefusedCount);
    }

    [Fact]
    public void Viewer_IsRefused_WithAReason()
    {
        var viewer = ConsolePresenceTests.Viewer();
        _presence.Join(viewer);
        using var input = new ConsoleInput(_gate.OpenConsole(viewer));
        var reasons = new List<string>();
        input.Client.Refused += (_, r) => reasons.Add(r);

        Assert.False(input.OnKey("KeyA", true));
        Assert.False(input.OnMouseButton(0, true));
        Assert.False(input.OnMouseAbsolute(1, 1));
        Assert.False(input.OnMouseRelative(1, 1));
        Assert.False(input.OnWheel(1, 0));

        Assert.Empty(_hid.Calls);
        Assert.Equal(5, input.RefusedCount);
        Assert.All(reasons, r => Assert.Equal("Your role may only watch.", r));
    }

    [Fact]
    public void ViewOnly_IsRefused_WithAReason()
    {
        _presence.SetViewOnly(_session, true);
        string? reason = null;
        _input.Client.Refused += (_, r) => reason = r;

        Assert.False(_input.OnKey("KeyA", true));

        Assert.Empty(_hid.Calls);
        Assert.Equal("You are in view-only mode.", reason);
    }

    [Fact]
    public void Exclusive_NotHolder_IsRefused()
    {
        var holder = ConsolePresenceTests.Operator("otto");
        _presence.Join(holder);
        _presence.SetMode(holder, ControlMode.Exclusive);
        string? reason = null;
        _input.Client.Refused += (_, r) => reason = r;

        Assert.False(_input.OnKey("KeyQ", true));

        Assert.Empty(_hid.Calls);
        Assert.Equal("Another user holds the keyboard and mouse.", reason);
    }

    [Fact]
    public void ReleaseMine_ReleasesExactlyWhatThisConsolePressed()
    {
        _input.OnKey("ShiftLeft", true);
        _input.OnKey("KeyA", true);
        _input.OnKey("KeyB", true);
        _input.OnKey("KeyB", false);
        _input.OnMouseButton(0, true);
        _input.OnMouseButton(2, true);
        _input.OnMouseButton(2, false);
        _hid.Calls.Clear();

        _input.ReleaseMine();

        Assert.Equal(3, _hid.Calls.Count);
        Assert.Contains("key ShiftLeft up", _hid.Calls);
        Assert.Contains("key KeyA up", _hid.Calls);
        Assert.Contains("button Left up", _hid.Calls);
        Assert.DoesNotContain("release all", _hid.Calls);

        _hid.Calls.Clear();
        _input.ReleaseMine();
        Assert.Empty(_hid.Calls);
    }

    [Fact]
    public void ReleaseMine_DoesNotReleaseAnotherConsolesKeys()
    {
        var other = ConsolePresenceTests.Operator("otto");
        _presence.Join(other);
        using var otherInput = new ConsoleInput(_gate.OpenConsole(other));
        otherInput.OnKey("KeyZ", true);
        _input.OnKey("KeyA", true);
        _hid.Calls.Clear();

        _input.ReleaseMine();

        Assert.Equal(["key KeyA up"], _hid.Calls);
    }

    [Fact]
    public void Dispose_ReleasesHeldKeys_ThenRefusesInput()
    {
        _input.OnKey("ControlLeft", true);
        _hid.Calls.Clear();

        _input.Dispose();
        Assert.Equal(["key ControlLeft up"], _hid.Calls);

        Assert.False(_input.OnKey("KeyA", true));
        Assert.False(_input.OnMouseButton(0, true));
        Assert.False(_input.OnMouseAbsolute(1, 1));
        Assert.Equal(["key ControlLeft up"], _hid.Calls);

        _input.Dispose();
        Assert.Single(_hid.Calls);
    }

    [Fact]
    public void KeyCode_LongerThan32_OrEmpty_IsRefused()
    {
        Assert.False(_input.OnKey(new string('K', 33), true));
        Assert.False(_input.OnKey("", true));
        Assert.Empty(_hid.Calls);

        var longest = "Key" + new string('A', 29);
        _input.OnKey(longest, true);
        Assert.Equal([$"key {longest} down"], _hid.Calls);
    }

    [Fact]
    public void UnknownMouseButton_IsIgnored()
    {
        Assert.False(_input.OnMouseButton(7, true));
        Assert.Empty(_hid.Calls);
    }

    [Fact]
    public async Task CircuitHandler_ReleasesOnConnectionDown()
    {
        var handler = new ConsoleCircuitHandler { Input = _input };
        _input.OnKey("AltLeft", true);
        _hid.Calls.Clear();

        await handler.OnConnectionDownAsync(null!, CancellationToken.None);

        Assert.Equal(["key AltLeft up"], _hid.Calls);
    }

    public void Dispose()
    {
        _input.Dispose();
        _gate.Dispose();
    }
}
