namespace KvmPortal.Hardware.Atx;

/// <summary>Accepts a new LED level only after it has been read unchanged for the debounce time.</summary>
internal sealed class LedDebouncer(TimeProvider time, TimeSpan debounce)
{
    private bool _candidate;
    private long _candidateSince;
    private bool _seeded;

    public bool Stable { get; private set; }

    /// <summary>Gets a value indicating whether the last sample differs from <see cref="Stable"/> and waits out the debounce time.</summary>
    public bool Pending => _seeded && _candidate != Stable;

    /// <summary>Feeds one raw sample; returns true when <see cref="Stable"/> changed.</summary>
    public bool Sample(bool raw)
    {
        var now = time.GetTimestamp();
        if (!_seeded)
        {
            _seeded = true;
            Stable = raw;
            _candidate = raw;
            return false;
        }

        if (raw == Stable)
        {
            _candidate = raw;
            return false;
        }

        if (raw != _candidate)
        {
            _candidate = raw;
            _candidateSince = now;
        }

        if (time.GetElapsedTime(_candidateSince, now) < debounce)
        {
            return false;
        }

        Stable = raw;
        return true;
    }
}
