using Microsoft.Extensions.Logging;

namespace KvmPortal.Pikvm;

/// <summary>
/// A bounded in-memory copy of KvmPortal's log (Information and above, newest <see cref="Capacity"/> lines) for kvmd's
/// <c>GET /api/log</c>. It holds only what the app logs, which by rule never includes typed keys, pasted text or passwords.
/// </summary>
public sealed class AppLogBuffer(TimeProvider time) : ILoggerProvider
{
    public const int Capacity = 5000;

    private readonly Lock _gate = new();
    private readonly LinkedList<AppLogRecord> _records = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    /// <summary>Records newer than <paramref name="afterSequence"/> and not older than <paramref name="since"/>.</summary>
    public IReadOnlyList<AppLogRecord> Read(long afterSequence, DateTimeOffset since)
    {
        lock (_gate)
        {
            return _records.Where(r => r.Sequence > afterSequence && r.At >= since).ToList();
        }
    }

    /// <summary>Completes when a record is added after this call.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _added.Task.WaitAsync(cancellationToken);
        }
    }

    public void Add(string category, string message)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _records.AddLast(new AppLogRecord(++_sequence, time.GetUtcNow(), category, message));
            if (_records.Count > Capacity)
            {
                _records.RemoveFirst();
            }

            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    public ILogger CreateLogger(string categoryName) => new BufferLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class BufferLogger(AppLogBuffer buffer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += " (" + exception.GetType().Name + ": " + exception.Message + ")";
            }

            buffer.Add(category, $"{logLevel}: {message}");
        }
    }
}
