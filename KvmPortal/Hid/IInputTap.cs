using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hid;

/// <summary>Sees every input event a client's gate let through (the macro recorder listens here).</summary>
public interface IInputTap
{
    void Key(string code, bool pressed);

    void MouseButton(MouseButtons button, bool pressed);

    void AbsoluteMove(int x, int y);

    void RelativeMove(int dx, int dy);

    void Wheel(int vertical, int horizontal);
}
