namespace KvmPortal.Hardware.Health;

/// <summary>
/// Liveness of a hardware service's worker threads. Each thread owns a <see cref="HeartbeatLane"/> and marks every call into the
/// device (a capture, a report write, a serial exchange) with Enter/Exit. Those calls are bounded by their own timeouts
/// (100 ms to a few seconds), so one that has been running far longer means the thread is wedged in the kernel or a library.
/// Idle waiting (no viewer, nothing to send) is not inside a lane and never counts.
/// </summary>
public sealed class ServiceHeartbeat(string name, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<HeartbeatLane> _lanes = [];

    /// <summary>Gets the service's name ("video", "hid").</summary>
    public string Name { get; } = name;

    /// <summary>Adds a lane for one worker thread.</summary>
    public HeartbeatLane AddLane(string lane)
    {
        var created = new HeartbeatLane(lane, time);
        lock (_gate)
        {
            _lanes.Add(created);
        }

        return created;
    }

    /// <summary>Gets the lane that has been inside one call the longest, and for how long; null when every lane is idle.</summary>
    public (string Lane, TimeSpan For)? LongestCall()
    {
        (string, TimeSpan)? longest = null;
        lock (_gate)
        {
            foreach (var lane in _lanes)
            {
                if (lane.InsideFor() is { } inside && (longest is null || inside > longest.Value.Item2))
                {
                    longest = (lane.Name, inside);
                }
            }
        }

        return longest;
    }
}
