namespace KvmPortal.Hardware.Health;

/// <summary>One worker thread's lane of a <see cref="ServiceHeartbeat"/>: Enter before a device call, Exit after it.</summary>
public sealed class HeartbeatLane
{
    private const long Idle = long.MinValue;
    private readonly TimeProvider _time;
    private long _enteredAt = Idle;

    internal HeartbeatLane(string name, TimeProvider time)
    {
        Name = name;
        _time = time;
    }

    public string Name { get; }

    public void Enter() => Volatile.Write(ref _enteredAt, _time.GetTimestamp());

    public void Exit() => Volatile.Write(ref _enteredAt, Idle);

    /// <summary>Gets how long the current call has been running, or null when the lane is idle.</summary>
    public TimeSpan? InsideFor()
    {
        var entered = Volatile.Read(ref _enteredAt);
        return entered == Idle ? null : _time.GetElapsedTime(entered);
    }
}
