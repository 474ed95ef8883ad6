namespace KvmPortal.Hid;

/// <summary>
/// Who is on the console, and who may send input. The server decides here, for every key and mouse event: a user without Control,
/// a view-only user, or anyone but the holder in exclusive mode is refused.
/// </summary>
public sealed class ConsolePresence
{
    private readonly Lock _gate = new();
    private readonly List<ConsoleSession> _sessions = [];
    private Guid? _holder;

    public event EventHandler? Changed;

    /// <summary>Raised when a user asks the holder for control (argument: the asking session).</summary>
    public event EventHandler<ConsoleSession>? ControlRequested;

    public ControlMode Mode { get; private set; } = ControlMode.Shared;

    public IReadOnlyList<ConsoleSession> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions];
            }
        }
    }

    public ConsoleSession? Holder
    {
        get
        {
            lock (_gate)
            {
                return _sessions.FirstOrDefault(s => s.Id == _holder);
            }
        }
    }

    public void Join(ConsoleSession session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
        }

        Notify();
    }

    public void Leave(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            _sessions.Remove(session);
            if (_holder == session.Id)
            {
                _holder = null;
            }
        }

        Notify();
    }

    public bool MaySendInput(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            return session.MayControl && !session.ViewOnly && (Mode == ControlMode.Shared || _holder == session.Id);
        }
    }

    /// <summary>Switches the mode (Admins, or the holder). Going exclusive makes the switching user the holder.</summary>
    public bool SetMode(ConsoleSession session, ControlMode mode)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!session.MayControl || (!session.IsAdmin && _holder is not null && _holder != session.Id))
            {
                return false;
            }

            Mode = mode;
            _holder = mode == ControlMode.Exclusive ? session.Id : null;
        }

        Notify();
        return true;
    }

    /// <summary>Takes input in exclusive mode: allowed when nobody holds it, or for Admins (take-over).</summary>
    public bool TakeControl(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!session.MayControl || (_holder is not null && _holder != session.Id && !session.IsAdmin))
            {
                return false;
            }

            _holder = session.Id;
        }

        Notify();
        return true;
    }

    public void ReleaseControl(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_holder != session.Id)
            {
                return;
            }

            _holder = null;
        }

        Notify();
    }

    /// <summary>An Operator asks the current holder to hand over control.</summary>
    public void RequestControl(ConsoleSession session)
    {
        if (session.MayControl)
        {
            ControlRequested?.Invoke(this, session);
        }
    }

    public void SetViewOnly(ConsoleSession session, bool viewOnly)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.ViewOnly = viewOnly;
        Notify();
    }

    private void Notify() => Changed?.Invoke(this, EventArgs.Empty);
}
