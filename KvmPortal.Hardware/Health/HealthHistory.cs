namespace KvmPortal.Hardware.Health;

/// <summary>A fixed-size ring of the newest health samples (bounded memory). Thread-safe.</summary>
public sealed class HealthHistory
{
    private readonly Lock _gate = new();
    private readonly HealthSnapshot?[] _ring;
    private int _next;
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="HealthHistory"/> class.</summary>
    public HealthHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new HealthSnapshot?[capacity];
    }

    /// <summary>Gets how many samples the ring holds at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Gets how many samples it holds now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a sample, overwriting the oldest when full.</summary>
    public void Add(HealthSnapshot sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>Returns the samples taken at or after <paramref name="since"/> (all when null), oldest first.</summary>
    public IReadOnlyList<HealthSnapshot> GetSince(DateTimeOffset? since = null)
    {
        lock (_gate)
        {
            var result = new List<HealthSnapshot>(_count);
            var start = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                var sample = _ring[(start + i) % _ring.Length]!;
                if (since is null || sample.Timestamp >= since)
                {
                    result.Add(sample);
                }
            }

            return result;
        }
    }
}
