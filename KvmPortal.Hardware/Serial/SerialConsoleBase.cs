using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// What every backend's port shares: the log, the fan-out to subscribers (under one lock with the log, so a new subscriber's tail and
/// its live output meet exactly), byte counters and the state with change notifications.
/// </summary>
public abstract class SerialConsoleBase : ISerialConsole, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<SerialSubscription> _subscribers = [];
    private SerialPortState _state;
    private long _received;
    private long _sent;
    private bool _logFailing;

    protected SerialConsoleBase(string name, string device, string settings, SerialRingLog log, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        Log = log ?? throw new ArgumentNullException(nameof(log));
        Time = time;
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _state = new SerialPortState(name, device, settings, false, "Not started", time.GetUtcNow());
    }

    /// <inheritdoc/>
    public event EventHandler<SerialPortState>? StateChanged;

    /// <inheritdoc/>
    public string Name => _state.Name;

    /// <inheritdoc/>
    public SerialPortState State => Volatile.Read(ref _state);

    /// <inheritdoc/>
    public SerialRingLog Log { get; }

    /// <inheritdoc/>
    public long BytesReceived => Interlocked.Read(ref _received);

    /// <inheritdoc/>
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>Gets the number of live subscribers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    /// <inheritdoc/>
    public SerialSubscription Subscribe(int tailBytes)
    {
        lock (_lock)
        {
            var subscription = new SerialSubscription(Log.ReadTail(tailBytes), Unsubscribe);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        await WriteCoreAsync(data, cancellationToken);
        Interlocked.Add(ref _sent, data.Length);
    }

    /// <inheritdoc/>
    public abstract Task<bool> SendBreakAsync(CancellationToken cancellationToken);

    /// <summary>Starts the backend's background work (nothing by default).</summary>
    public virtual void Start()
    {
    }

    public async ValueTask DisposeAsync()
    {
        await StopCoreAsync();
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Complete();
            }

            _subscribers.Clear();
        }

        Log.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes input to the device.</summary>
    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Stops the backend's background work.</summary>
    protected virtual ValueTask StopCoreAsync() => ValueTask.CompletedTask;

    /// <summary>Hands what the port sent to the log and every subscriber.</summary>
    protected void Publish(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var chunk = data.ToArray();
        Interlocked.Add(ref _received, chunk.Length);
        lock (_lock)
        {
            try
            {
                Log.Append(Time.GetUtcNow(), chunk);
                _logFailing = false;
            }
            catch (IOException ex)
            {
                // A full or failing disk must not stop the terminal; say so once per failure streak.
                if (!_logFailing)
                {
                    SerialLog.LogFailed(Logger, Name, ex);
                    _logFailing = true;
                }
            }

            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Deliver(chunk))
                {
                    SerialLog.SubscriberCutOff(Logger, Name);
                    _subscribers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Sets the line settings shown in the state (a port reconfigured at run time) and notifies.</summary>
    protected void SetSettings(string settings)
    {
        SerialPortState next;
        lock (_lock)
        {
            next = _state with { Settings = settings };
            Volatile.Write(ref _state, next);
        }

        StateChanged?.Invoke(this, next);
    }

    /// <summary>Sets the connection state and notifies when it changed.</summary>
    protected void SetState(bool connected, string? detail)
    {
        SerialPortState next;
        lock (_lock)
        {
            var current = _state;
            if (current.Connected == connected && current.Detail == detail)
            {
                return;
            }

            next = current with { Connected = connected, Detail = detail, Since = current.Connected == connected ? current.Since : Time.GetUtcNow() };
            Volatile.Write(ref _state, next);
        }

        StateChanged?.Invoke(this, next);
    }

    private void Unsubscribe(SerialSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }
}
