using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Processes;

/// <summary>Log messages of <see cref="ChildProcessService"/>: every child's PID, how it was stopped and its exit code.</summary>
internal static partial class ChildProcessLog
{
    [LoggerMessage(EventId = 13000, Level = LogLevel.Information, Message = "Started child process {Name} (pid {Pid}): {Program}")]
    public static partial void Started(ILogger logger, string name, int pid, string program);

    [LoggerMessage(EventId = 13001, Level = LogLevel.Information, Message = "Child process {Name} (pid {Pid}) exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, string name, int pid, int exitCode);

    [LoggerMessage(EventId = 13002, Level = LogLevel.Warning, Message = "Child process {Name} (pid {Pid}) exited unexpectedly with code {ExitCode}")]
    public static partial void ExitedUnexpectedly(ILogger logger, string name, int pid, int exitCode);

    [LoggerMessage(EventId = 13003, Level = LogLevel.Information, Message = "Stopping child process {Name} (pid {Pid}) gracefully ({How}), kill after {TimeoutSeconds} s")]
    public static partial void Stopping(ILogger logger, string name, int pid, string how, double timeoutSeconds);

    [LoggerMessage(EventId = 13004, Level = LogLevel.Warning, Message = "Child process {Name} (pid {Pid}) did not stop gracefully in time: killing it")]
    public static partial void Killing(ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 13005, Level = LogLevel.Warning, Message = "Graceful stop of child process {Name} (pid {Pid}) failed")]
    public static partial void GracefulStopFailed(ILogger logger, string name, int pid, Exception exception);

    [LoggerMessage(EventId = 13006, Level = LogLevel.Warning, Message = "Child process {Name} (pid {Pid}) ran longer than {TimeoutSeconds} s or was cancelled: killed")]
    public static partial void RunTimedOut(ILogger logger, string name, int pid, double timeoutSeconds);

    [LoggerMessage(EventId = 13007, Level = LogLevel.Warning, Message = "{Setpriv} is missing: child processes are started without a parent-death signal and may outlive a crashed KvmPortal")]
    public static partial void NoParentDeathSignal(ILogger logger, string setpriv);

    [LoggerMessage(EventId = 13008, Level = LogLevel.Debug, Message = "Child process {Name} (pid {Pid}) finished with code {ExitCode}")]
    public static partial void RunFinished(ILogger logger, string name, int pid, int exitCode);

    [LoggerMessage(EventId = 13009, Level = LogLevel.Debug, Message = "Started tool {Name} (pid {Pid}): {Program}")]
    public static partial void ToolStarted(ILogger logger, string name, int pid, string program);
}
