using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video.H264;

public sealed partial class H264Broadcaster
{
    [LoggerMessage(Level = LogLevel.Information, Message = "H.264 encoder {Encoder} at {Width}x{Height}, {BitrateKbps} kbit/s, GOP {Gop}")]
    private partial void LogEncoder(string encoder, int width, int height, int bitrateKbps, int gop);

    [LoggerMessage(Level = LogLevel.Warning, Message = "H.264 needs an even size of at least 16x16; {Width}x{Height} is not encoded")]
    private partial void LogOddSize(int width, int height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A key frame was forced ({Reason}) but the encoder returned a P-frame")]
    private partial void LogKeyFrameMissing(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "H.264 encode failed; the encoder is recreated")]
    private partial void LogEncodeError(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The H.264 encoder thread did not end within {Seconds} s of the stop")]
    private partial void LogStopSlow(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoding the {Width}x{Height} picture again with a new encoder")]
    private partial void LogRetryWithNewEncoder(int width, int height);

    [LoggerMessage(Level = LogLevel.Information, Message = "H.264 encoder {Encoder} now at {BitrateKbps} kbit/s, GOP {Gop} (changed while running)")]
    private partial void LogRateChanged(string encoder, int bitrateKbps, int gop);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changing bitrate/GOP on the running H.264 encoder failed; it is recreated")]
    private partial void LogRateChangeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "H.264 stopped: the encoder failed again with a new encoder ({Reason}); H.264 viewers are told and fall back to MJPEG")]
    private partial void LogFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "H.264 encodes again")]
    private partial void LogRecovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "H.264: not importing the {Width}x{Height} {Fourcc} capture buffers ({Reason}); frames are copied into the encoder")]
    private partial void LogDmabufRefused(int width, int height, string fourcc, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "H.264: the capture is now {Width}x{Height} {Fourcc}; trying dmabuf import again")]
    private partial void LogDmabufRetry(int width, int height, string fourcc);

    [LoggerMessage(Level = LogLevel.Information, Message = "H.264: copying failed as well, so the dmabuf import was not the cause ({Reason}); the next encoder imports again")]
    private partial void LogDmabufNotTheCause(string reason);
}
