using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Tests.Support;

/// <summary>Keeps every formatted log line, so tests can assert on what the app logged (and on what it must never log).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(string Category, Exception Exception)> _exceptions = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The exceptions logged with their entries (not part of <see cref="Lines"/>), with the logger's category.</summary>
    public IReadOnlyList<(string Category, Exception Exception)> Exceptions => [.. _exceptions];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                owner._exceptions.Enqueue((category, exception));
            }

            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
