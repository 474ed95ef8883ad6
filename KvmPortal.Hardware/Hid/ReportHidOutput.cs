namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The report-producing half shared by the USB-gadget and simulated backends: it keeps the keyboard, button and pointer state
/// and turns each call into boot-keyboard, absolute-mouse and relative-mouse reports, emitted in call order.
/// </summary>
internal abstract class ReportHidOutput : HidOutputBase, IHidOutput
{
    private readonly KeyboardReportState _keyboard = new();
    private MouseButtons _buttons;
    private bool _relativeLast;

    protected ReportHidOutput(HidBackend backend, TimeProvider time)
        : base(new HidState(backend, Online: true, HostConnected: true, KeyboardLeds.None), time)
    {
    }

    /// <summary>Gets a value indicating whether a relative mouse device exists.</summary>
    protected virtual bool HasRelativeMouse => true;

    public bool SendKey(string code, bool pressed)
    {
        if (!HidKeyTable.TryGet(code, out var key))
        {
            return false;
        }

        lock (Gate)
        {
            NoteInput();
            if (_keyboard.Set(key, pressed))
            {
                EmitKeyboard(_keyboard.ToReport());
            }
        }

        return true;
    }

    public void SendMouseButton(MouseButtons button, bool pressed)
    {
        lock (Gate)
        {
            NoteInput();
            var next = pressed ? _buttons | button : _buttons & ~button;
            if (next == _buttons)
            {
                return;
            }

            _buttons = next;
            EmitMouseLocked(0, 0);
        }
    }

    public void SendAbsoluteMove(int x, int y)
    {
        lock (Gate)
        {
            NoteInput();
            _relativeLast = false;
            Position = (Math.Clamp(x, 0, MouseReports.AbsoluteMax), Math.Clamp(y, 0, MouseReports.AbsoluteMax));
            var report = new byte[HidDescriptors.AbsoluteMouseReportLength];
            MouseReports.WriteAbsolute(report, _buttons, Position.X, Position.Y, 0, 0);
            EmitAbsolute(report);
        }
    }

    public void SendRelativeMove(int dx, int dy)
    {
        if (!HasRelativeMouse)
        {
            return;
        }

        lock (Gate)
        {
            NoteInput();
            _relativeLast = true;
            foreach (var (sx, sy) in MouseReports.Squash(dx, dy))
            {
                var report = new byte[HidDescriptors.RelativeMouseReportLength];
                MouseReports.WriteRelative(report, _buttons, sx, sy, 0, 0);
                EmitRelative(report);
            }
        }
    }

    public void SendWheel(int vertical, int horizontal)
    {
        if (vertical == 0 && horizontal == 0)
        {
            return;
        }

        lock (Gate)
        {
            NoteInput();
            EmitMouseLocked(vertical, horizontal);
        }
    }

    public void ReleaseAll()
    {
        lock (Gate)
        {
            _keyboard.Clear();
            _buttons = MouseButtons.None;
            EmitKeyboard(_keyboard.ToReport());
            var abs = new byte[HidDescriptors.AbsoluteMouseReportLength];
            MouseReports.WriteAbsolute(abs, MouseButtons.None, Position.X, Position.Y, 0, 0);
            EmitAbsolute(abs);
            if (HasRelativeMouse)
            {
                EmitRelative(new byte[HidDescriptors.RelativeMouseReportLength]);
            }
        }
    }

    /// <summary>Queues or delivers a keyboard report. Called under the state lock, in order; must not block.</summary>
    protected abstract void EmitKeyboard(byte[] report);

    /// <summary>Queues or delivers an absolute-mouse report. Called under the state lock; must not block.</summary>
    protected abstract void EmitAbsolute(byte[] report);

    /// <summary>Queues or delivers a relative-mouse report. Called under the state lock; must not block.</summary>
    protected abstract void EmitRelative(byte[] report);

    private void EmitMouseLocked(int wheel, int pan)
    {
        if (_relativeLast && HasRelativeMouse)
        {
            var report = new byte[HidDescriptors.RelativeMouseReportLength];
            MouseReports.WriteRelative(report, _buttons, 0, 0, wheel, pan);
            EmitRelative(report);
        }
        else
        {
            var report = new byte[HidDescriptors.AbsoluteMouseReportLength];
            MouseReports.WriteAbsolute(report, _buttons, Position.X, Position.Y, wheel, pan);
            EmitAbsolute(report);
        }
    }
}
