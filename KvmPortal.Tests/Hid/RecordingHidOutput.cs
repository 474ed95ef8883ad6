using Xunit;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Hid;

/// <summary>An IHidOutput test double that records calls.</summary>
internal sealed class RecordingHidOutput(TimeProvider time) : IHidOutput
{
    public List<string> Calls { get; } = [];

    public List<KeyEvent> Keys { get; } = [];

    public HidState State { get; } = new(HidBackend.Disabled, true, true, KeyboardLeds.None);

    public DateTimeOffset LastInputAt { get; private set; } = time.GetUtcNow();

    public (int X, int Y) AbsolutePosition { get; private set; }

    public event EventHandler<HidState>? StateChanged
    {
        add { }
        remove { }
    }

    public bool SendKey(string code, bool pressed)
    {
        Touch($"key {code} {pressed}");
        Keys.Add(new KeyEvent(code, pressed));
        return HidKeyTable.TryGet(code, out _);
    }

    public void SendMouseButton(MouseButtons button, bool pressed) => Touch($"button {button} {pressed}");

    public void SendAbsoluteMove(int x, int y)
    {
        Touch($"abs {x} {y}");
        AbsolutePosition = (x, y);
    }

    public void SendRelativeMove(int dx, int dy) => Touch($"rel {dx} {dy}");

    public void SendWheel(int vertical, int horizontal) => Touch($"wheel {vertical} {horizontal}");

    public void ReleaseAll() => Touch("release");

    private void Touch(string call)
    {
        Calls.Add(call);
        LastInputAt = time.GetUtcNow();
    }
}
