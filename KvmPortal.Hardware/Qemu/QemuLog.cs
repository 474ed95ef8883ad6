using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Qemu;

/// <summary>Log messages of the QEMU hardware profile.</summary>
internal static partial class QemuLog
{
    [LoggerMessage(EventId = 12000, Level = LogLevel.Information, Message = "QMP connected to {Endpoint} (QEMU {Version})")]
    public static partial void Connected(ILogger logger, string endpoint, string version);

    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "QMP connection to {Endpoint} closed")]
    public static partial void Disconnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Debug, Message = "QMP event {Name}")]
    public static partial void Event(ILogger logger, string name);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Warning, Message = "QMP: ignoring an unparsable line from {Endpoint}")]
    public static partial void BadLine(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 12004, Level = LogLevel.Information, Message = "Starting QEMU: {Binary} {Arguments}")]
    public static partial void Launching(ILogger logger, string binary, string arguments);

    [LoggerMessage(EventId = 12005, Level = LogLevel.Warning, Message = "QEMU exited with code {ExitCode}: {StdErr}")]
    public static partial void Exited(ILogger logger, int exitCode, string stdErr);

    [LoggerMessage(EventId = 12009, Level = LogLevel.Information, Message = "QEMU shut down (reason {Reason})")]
    public static partial void Shutdown(ILogger logger, string reason);

    [LoggerMessage(EventId = 12006, Level = LogLevel.Warning, Message = "QEMU {Operation} failed")]
    public static partial void OperationFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 12007, Level = LogLevel.Information, Message = "QEMU power action {Action}")]
    public static partial void Power(ILogger logger, string action);

    [LoggerMessage(EventId = 12008, Level = LogLevel.Information, Message = "QEMU medium {Drive} changed to {Image}")]
    public static partial void Medium(ILogger logger, string drive, string image);
}
