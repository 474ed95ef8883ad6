namespace KvmPortal.Macros;

/// <summary>
/// Collects console input as macro steps while recording, with the pauses between events as Delay steps (from the injected
/// TimeProvider). Thread-safe: the console's input calls arrive on the circuit.
/// </summary>
public sealed class MacroRecorder(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<MacroStep> _steps = [];
    private long _last;

    public bool Recording { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _steps.Count;
            }
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            _steps.Clear();
            _last = time.GetTimestamp();
            Recording = true;
        }
    }

    /// <summary>Stops and returns the recorded steps.</summary>
    public IReadOnlyList<MacroStep> Stop()
    {
        lock (_gate)
        {
            Recording = false;
            return [.. _steps];
        }
    }

    public void Add(MacroStep step)
    {
        lock (_gate)
        {
            if (!Recording)
            {
                return;
            }

            var now = time.GetTimestamp();
            var ms = (int)Math.Round(time.GetElapsedTime(_last, now).TotalMilliseconds);
            _last = now;
            if (ms > 0 && _steps.Count > 0)
            {
                _steps.Add(MacroStep.Delay(ms));
            }

            _steps.Add(step);
        }
    }
}
