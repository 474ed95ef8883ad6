using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video;

public sealed partial class VideoStreamer
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Video streamer starting: source {Source}, {Workers} encoder workers")]
    private partial void LogStarting(string source, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video state {Old} -> {New}")]
    private partial void LogStateChanged(VideoSignalState old, VideoSignalState @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video capture stopped: no viewer for {Seconds} s")]
    private partial void LogIdleStop(int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video capture resolution {Width}x{Height} {Format}")]
    private partial void LogGeometry(int width, int height, VideoPixelFormat format);

    [LoggerMessage(Level = LogLevel.Error, Message = "Video capture loop error")]
    private partial void LogCaptureError(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Video encode failed")]
    private partial void LogEncodeError(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video threads did not end within {Seconds} s of the stop (a capture or encode ignores cancellation)")]
    private partial void LogStopSlow(double seconds);
}
