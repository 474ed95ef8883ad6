using Microsoft.Extensions.Logging;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>Writes log lines to stderr so a failing VM-lab run shows what the video layer saw.</summary>
internal sealed class ConsoleLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        System.Console.Error.WriteLine($"[{typeof(T).Name} {logLevel}] {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
    }
}
