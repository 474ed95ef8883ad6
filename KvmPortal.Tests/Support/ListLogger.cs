using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Tests.Support;

/// <summary>An <see cref="ILogger{T}"/> that keeps every entry (level and formatted message); optionally echoes them to stderr.</summary>
public sealed class ListLogger<T>(bool echo = false) : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        _entries.Enqueue((logLevel, message));
        if (echo)
        {
            System.Console.Error.WriteLine($"[{typeof(T).Name} {logLevel}] {message}{(exception is null ? string.Empty : " " + exception.Message)}");
        }
    }
}
