using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>Log messages of the HID layer. Never log key codes, reports or pasted text.</summary>
internal static partial class HidLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "HID device {Path} cannot be opened (errno {Errno})")]
    public static partial void OpenFailed(ILogger logger, string path, int errno);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "HID host connected: {Connected}")]
    public static partial void HostConnection(ILogger logger, bool connected);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "HID write to {Path} failed (errno {Errno}, 110 = timed out); report dropped")]
    public static partial void WriteDropped(ILogger logger, string path, int errno);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "HID serial device {Path}: {What} failed: {Error}")]
    public static partial void SerialFailed(ILogger logger, string path, string what, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Releasing all keys and buttons ({Reason})")]
    public static partial void ReleaseAll(ILogger logger, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Mouse jiggled after {IdleSeconds:F0} s idle")]
    public static partial void Jiggled(ILogger logger, double idleSeconds);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Typing {Length} characters with keymap {Keymap}")]
    public static partial void Typing(ILogger logger, int length, string keymap);
}
