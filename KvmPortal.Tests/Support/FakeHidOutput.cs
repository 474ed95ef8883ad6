using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Support;

/// <summary>An <see cref="IHidOutput"/> that records every call as a short text ("key KeyA down", "button Left up", ...).</summary>
public sealed class FakeHidOutput : IHidOutput
{
    public event EventHandler<HidState>? StateChanged;

    public HidState State { get; private set; } = new(HidBackend.Simulated, Online: true, HostConnected: true, KeyboardLeds.None);

    public DateTimeOffset LastInputAt { get; private set; }

    public (int X, int Y) AbsolutePosition { get; private set; }

    public List<string> Calls { get; } = [];

    public void Set(HidState state)
    {
        State = state;
        StateChanged?.Invoke(this, state);
    }

    public bool SendKey(string code, bool pressed)
    {
        Calls.Add($"key {code} {(pressed ? "down" : "up")}");
        return HidKeyTable.TryGet(code, out _);
    }

    public void SendMouseButton(MouseButtons button, bool pressed) => Calls.Add($"button {button} {(pressed ? "down" : "up")}");

    public void SendAbsoluteMove(int x, int y)
    {
        AbsolutePosition = (x, y);
        Calls.Add($"abs {x} {y}");
    }

    public void SendRelativeMove(int dx, int dy) => Calls.Add($"rel {dx} {dy}");

    public void SendWheel(int vertical, int horizontal) => Calls.Add($"wheel {vertical} {horizontal}");

    public void ReleaseAll() => Calls.Add("release all");
}
