using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Source-generated log messages of the M2M encoder.</summary>
public sealed partial class V4l2M2mEncoder
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "M2M encoder {Name}: {Raw} {Width}x{Height} -> {Coded} (CAPTURE {SizeImage} B), buffers {Outputs}/{Captures}, force-key-frame control {ForceKey}, frame interval set {Interval}")]
    private static partial void LogStarted(ILogger logger, string name, string raw, int width, int height, string coded, uint sizeImage, int outputs, int captures, bool forceKey, bool interval);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "M2M encoder {Path} restarted at {Width}x{Height} ({Drained} frames drained)")]
    private static partial void LogRestarted(ILogger logger, string path, int width, int height, int drained);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "M2M encoder {Path} drained {Frames} frames (LAST {Last}, EOS {Eos})")]
    private static partial void LogDrained(ILogger logger, string path, int frames, bool last, bool eos);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "M2M encoder {Path}: no force-key-frame control, reset the CAPTURE queue ({Drained} frames drained)")]
    private static partial void LogResetForKeyFrame(ILogger logger, string path, int drained);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "M2M encoder {Path}: frame not encoded within {TimeoutMs} ms (coded {Coded}, OUTPUT back {OutputBack}); restarting")]
    private static partial void LogFrameTimeout(ILogger logger, string path, double timeoutMs, bool coded, bool outputBack);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "M2M encoder {Path}: dropped a coded frame (expected timestamp {Expected}, got {Actual}, flags 0x{Flags:X})")]
    private static partial void LogMismatch(ILogger logger, string path, long expected, long actual, uint flags);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "M2M encoder {Path}: the driver kept the LAST mark after V4L2_ENC_CMD_START; resumed by STREAMOFF/STREAMON of CAPTURE")]
    private static partial void LogResumedByRestreaming(ILogger logger, string path);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "M2M encoder: optional control {Control} (0x{Id:X}) not offered by the driver")]
    private static partial void LogControlMissing(ILogger logger, string control, uint id);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "M2M encoder: {Control} {Asked} clamped to {Value} (driver range {Minimum}..{Maximum})")]
    private static partial void LogControlClamped(ILogger logger, string control, int asked, int value, int minimum, int maximum);
}
