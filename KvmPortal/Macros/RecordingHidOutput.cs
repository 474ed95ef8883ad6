using KvmPortal.Hardware.Hid;

namespace KvmPortal.Macros;

/// <summary>The console's HID output with a tap: every call goes to the real output, and is also recorded while the recorder is on.</summary>
public sealed class RecordingHidOutput(IHidOutput inner, MacroRecorder recorder) : IHidOutput
{
    public HidState State => inner.State;

    public DateTimeOffset LastInputAt => inner.LastInputAt;

    public (int X, int Y) AbsolutePosition => inner.AbsolutePosition;

    public event EventHandler<HidState>? StateChanged
    {
        add => inner.StateChanged += value;
        remove => inner.StateChanged -= value;
    }

    public bool SendKey(string code, bool pressed)
    {
        var known = inner.SendKey(code, pressed);
        if (known)
        {
            recorder.Add(MacroStep.Key(code, pressed));
        }

        return known;
    }

    public void SendMouseButton(MouseButtons button, bool pressed)
    {
        inner.SendMouseButton(button, pressed);
        recorder.Add(new MacroStep { Kind = MacroStepKind.MouseButton, Button = button.ToString().ToLowerInvariant(), Pressed = pressed });
    }

    public void SendAbsoluteMove(int x, int y)
    {
        inner.SendAbsoluteMove(x, y);
        recorder.Add(new MacroStep { Kind = MacroStepKind.MouseMove, X = x, Y = y });
    }

    public void SendRelativeMove(int dx, int dy)
    {
        inner.SendRelativeMove(dx, dy);
        recorder.Add(new MacroStep { Kind = MacroStepKind.MouseRelative, X = dx, Y = dy });
    }

    public void SendWheel(int vertical, int horizontal)
    {
        inner.SendWheel(vertical, horizontal);
        recorder.Add(new MacroStep { Kind = MacroStepKind.Wheel, X = horizontal, Y = vertical });
    }

    public void ReleaseAll() => inner.ReleaseAll();
}
