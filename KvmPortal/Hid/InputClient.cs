using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hid;

/// <summary>
/// One client's handle on the HID, opened by <see cref="InputGate"/> for a door (a console tab, a WebSocket, a REST user, a macro
/// run). Every call is checked by the gate first; a refused call changes nothing. The client remembers the keys and buttons it holds
/// and releases exactly those when it loses input (revoked, control taken away) or is disposed. Implements <see cref="IHidOutput"/> so
/// the typer, shortcuts and macros send through it; <see cref="ReleaseAll"/> releases only this client's keys.
/// </summary>
public sealed class InputClient : IHidOutput, IDisposable
{
    private readonly InputGate _gate;
    private readonly IHidOutput _hid;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private CancellationTokenSource _lost = new();
    private MouseButtons _buttons;
    private long _sent;
    private long _refused;
    private int _disposed;

    internal InputClient(InputGate gate, IHidOutput hid, InputDoor door, string userName, ConsoleSession? session, bool mayControl, CancellationToken revoked)
    {
        _gate = gate;
        _hid = hid;
        Door = door;
        UserName = userName;
        Session = session;
        MayControl = mayControl;
        Revoked = revoked;
    }

    /// <summary>Raised with a one-line reason when an event is refused.</summary>
    public event EventHandler<string>? Refused;

    public event EventHandler<HidState>? StateChanged
    {
        add => _hid.StateChanged += value;
        remove => _hid.StateChanged -= value;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public InputDoor Door { get; }

    public string UserName { get; }

    /// <summary>Gets the console tab this client belongs to (null for the other doors).</summary>
    public ConsoleSession? Session { get; }

    /// <summary>Gets or sets a value indicating whether the caller holds the Control permission (doors refresh it; consoles use their session's).</summary>
    public bool MayControl { get; set; }

    /// <summary>Gets or sets the recorder that sees what this client sends (the console's macro recorder).</summary>
    public IInputTap? Tap { get; set; }

    public CancellationToken Revoked { get; }

    /// <summary>Gets a token cancelled when this client loses input (typing and shortcuts stop on it).</summary>
    public CancellationToken Lost => _lost.Token;

    public long SentCount => Interlocked.Read(ref _sent);

    public long RefusedCount => Interlocked.Read(ref _refused);

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public HidState State => _hid.State;

    public DateTimeOffset LastInputAt => _hid.LastInputAt;

    public (int X, int Y) AbsolutePosition => _hid.AbsolutePosition;

    /// <summary>Gets why input is refused now, or null when it is allowed.</summary>
    public string? RefusalReason => _gate.Check(this);

    public bool SendKey(string code, bool pressed)
    {
        ArgumentNullException.ThrowIfNull(code);
        lock (_lock)
        {
            // Releasing a key this client holds is always allowed: it can only un-stick the target.
            if (!(pressed == false && _keys.Contains(code)) && !Allow())
            {
                return false;
            }

            if (!_hid.SendKey(code, pressed))
            {
                return false;
            }

            _ = pressed ? _keys.Add(code) : _keys.Remove(code);
        }

        Tap?.Key(code, pressed);
        return Counted(true);
    }

    public void SendMouseButton(MouseButtons button, bool pressed)
    {
        lock (_lock)
        {
            if (!(pressed == false && _buttons.HasFlag(button)) && !Allow())
            {
                return;
            }

            _hid.SendMouseButton(button, pressed);
            _buttons = pressed ? _buttons | button : _buttons & ~button;
        }

        Tap?.MouseButton(button, pressed);
        Counted(true);
    }

    public void SendAbsoluteMove(int x, int y)
    {
        if (Allow())
        {
            _hid.SendAbsoluteMove(Math.Clamp(x, 0, 32767), Math.Clamp(y, 0, 32767));
            Tap?.AbsoluteMove(x, y);
            Counted(true);
        }
    }

    public void SendRelativeMove(int dx, int dy)
    {
        if (Allow())
        {
            _hid.SendRelativeMove(dx, dy);
            Tap?.RelativeMove(dx, dy);
            Counted(true);
        }
    }

    public void SendWheel(int vertical, int horizontal)
    {
        if (Allow())
        {
            _hid.SendWheel(Math.Clamp(vertical, -127, 127), Math.Clamp(horizontal, -127, 127));
            Tap?.Wheel(vertical, horizontal);
            Counted(true);
        }
    }

    /// <summary>Releases the keys and buttons this client holds (never another client's).</summary>
    public void ReleaseAll()
    {
        string[] keys;
        MouseButtons buttons;
        lock (_lock)
        {
            keys = [.. _keys];
            buttons = _buttons;
            _keys.Clear();
            _buttons = MouseButtons.None;
        }

        foreach (var key in keys)
        {
            _hid.SendKey(key, false);
        }

        foreach (var button in Enum.GetValues<MouseButtons>().Where(b => b != MouseButtons.None && buttons.HasFlag(b)))
        {
            _hid.SendMouseButton(button, false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseAll();
            _lost.Cancel();
            _gate.Remove(this);
        }
    }

    /// <summary>Called by the gate when this client lost input: releases what it holds and stops its typing.</summary>
    internal void OnInputLost()
    {
        ReleaseAll();
        // Not disposed: typing may still be linking to its token; an unused source holds nothing to free.
        Interlocked.Exchange(ref _lost, new CancellationTokenSource()).Cancel();
    }

    private bool Allow()
    {
        var reason = _gate.Check(this);
        if (reason is null)
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        _gate.CountRefused(this);
        Refused?.Invoke(this, reason);
        return false;
    }

    private bool Counted(bool ok)
    {
        Interlocked.Increment(ref _sent);
        _gate.CountSent();
        return ok;
    }
}
