namespace KvmPortal.Hardware.Video;

/// <summary>Counts events per whole second on a TimeProvider clock; reports the last complete second.</summary>
internal sealed class FrameRateCounter(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private long _bucketStart = long.MinValue;
    private int _current;
    private int _last;

    public void Tick()
    {
        lock (_gate)
        {
            Roll();
            _current++;
        }
    }

    public int PerSecond
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _last;
            }
        }
    }

    private void Roll()
    {
        long now = timeProvider.GetTimestamp();
        long second = timeProvider.TimestampFrequency;
        if (_bucketStart == long.MinValue)
        {
            _bucketStart = now;
            return;
        }

        long elapsed = now - _bucketStart;
        if (elapsed >= second)
        {
            _last = elapsed >= 2 * second ? 0 : _current;
            _current = 0;
            _bucketStart = now - (elapsed % second);
        }
    }
}
