namespace KvmPortal.Hardware.Hid;

/// <summary>The Disabled backend: accepts every call and sends nothing; the state says offline.</summary>
internal sealed class DisabledHidOutput(TimeProvider time) : IHidOutput
{
    public HidState State { get; } = new(HidBackend.Disabled, Online: false, HostConnected: false, KeyboardLeds.None);

    public DateTimeOffset LastInputAt { get; } = time.GetUtcNow();

    public (int X, int Y) AbsolutePosition => (0, 0);

    public event EventHandler<HidState>? StateChanged
    {
        add { }
        remove { }
    }

    public bool SendKey(string code, bool pressed) => HidKeyTable.TryGet(code, out _);

    public void SendMouseButton(MouseButtons button, bool pressed)
    {
    }

    public void SendAbsoluteMove(int x, int y)
    {
    }

    public void SendRelativeMove(int dx, int dy)
    {
    }

    public void SendWheel(int vertical, int horizontal)
    {
    }

    public void ReleaseAll()
    {
    }
}
