namespace KvmPortal.Hardware.Hid;

/// <summary>
/// What the HID backends (report-producing, serial, QEMU) keep alike under one lock: their <see cref="HidState"/> (changes raise
/// <see cref="StateChanged"/>), the time of the last input and the absolute pointer position.
/// </summary>
public abstract class HidOutputBase
{
    private HidState _state;
    private DateTimeOffset _lastInput;

    protected HidOutputBase(HidState initial, TimeProvider time)
    {
        Time = time;
        _lastInput = time.GetUtcNow();
        _state = initial;
    }

    public event EventHandler<HidState>? StateChanged;

    public virtual HidState State
    {
        get
        {
            lock (Gate)
            {
                return _state;
            }
        }
    }

    public DateTimeOffset LastInputAt
    {
        get
        {
            lock (Gate)
            {
                return _lastInput;
            }
        }
    }

    public (int X, int Y) AbsolutePosition
    {
        get
        {
            lock (Gate)
            {
                return Position;
            }
        }
    }

    /// <summary>Gets the lock guarding the state and whatever else the backend keeps with it.</summary>
    protected Lock Gate { get; } = new();

    protected TimeProvider Time { get; }

    /// <summary>Gets or sets the absolute pointer position (read and written under <see cref="Gate"/>).</summary>
    protected (int X, int Y) Position { get; set; }

    /// <summary>Records an input now (takes <see cref="Gate"/>; callers may already hold it).</summary>
    protected void NoteInput()
    {
        lock (Gate)
        {
            _lastInput = Time.GetUtcNow();
        }
    }

    /// <summary>Replaces the state and raises <see cref="StateChanged"/> when it differs.</summary>
    protected void UpdateState(Func<HidState, HidState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        HidState next;
        lock (Gate)
        {
            next = change(_state);
            if (next == _state)
            {
                return;
            }

            _state = next;
        }

        StateChanged?.Invoke(this, next);
    }
}
