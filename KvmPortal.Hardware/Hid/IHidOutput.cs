namespace KvmPortal.Hardware.Hid;

/// <summary>
/// Keyboard and mouse output to the target host. Every method returns at once: reports are queued to a per-device writer,
/// which gives up within 100 ms when the host is off and never replays stale reports later.
/// </summary>
public interface IHidOutput
{
    /// <summary>Gets the current state.</summary>
    HidState State { get; }

    /// <summary>Gets the time of the last keyboard or mouse call (from the injected TimeProvider); used by the jiggler and the inactivity API.</summary>
    DateTimeOffset LastInputAt { get; }

    /// <summary>Gets the last absolute pointer position (0..32767).</summary>
    (int X, int Y) AbsolutePosition { get; }

    /// <summary>Raised (on any thread) when <see cref="State"/> changes.</summary>
    event EventHandler<HidState>? StateChanged;

    /// <summary>Presses or releases a key named by its <c>KeyboardEvent.code</c>. Returns false for an unknown code.</summary>
    bool SendKey(string code, bool pressed);

    /// <summary>Presses or releases mouse buttons (on the absolute or relative mouse, whichever moved last).</summary>
    void SendMouseButton(MouseButtons button, bool pressed);

    /// <summary>Moves the absolute pointer to (x, y) in 0..32767 (values are clamped).</summary>
    void SendAbsoluteMove(int x, int y);

    /// <summary>Moves the relative mouse; large deltas are split into several −127..127 reports.</summary>
    void SendRelativeMove(int dx, int dy);

    /// <summary>Scrolls: <paramref name="vertical"/> positive = away from the user, <paramref name="horizontal"/> positive = right.</summary>
    void SendWheel(int vertical, int horizontal);

    /// <summary>Releases every key and button (console disconnect, focus loss, permission revoked, shutdown).</summary>
    void ReleaseAll();
}
