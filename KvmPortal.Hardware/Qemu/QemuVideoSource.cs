using System.Text.Json.Nodes;
using KvmPortal.Hardware.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// Video of a QEMU VM: QMP <c>screendump</c> to a PPM file at <see cref="QemuOptions.ScreendumpFps"/>, decoded into RGB24 frames.
/// A VM that does not run (halted, paused, shut down) has no signal; an unreachable QEMU is "no device".
/// QEMU writes the file itself, so the directory must be on QEMU's host (true when KvmPortal starts the VM).
/// </summary>
public sealed class QemuVideoSource : IVideoSource
{
    private readonly QemuMachine _machine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _file;
    private byte[] _buffer = [];
    private long _lastCapture = long.MinValue;

    /// <summary>Initializes a new instance of the <see cref="QemuVideoSource"/> class.</summary>
    public QemuVideoSource(QemuMachine machine, TimeProvider timeProvider, ILogger<QemuVideoSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _machine = machine;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var directory = string.IsNullOrEmpty(machine.Options.ScreendumpDirectory) ? Path.GetTempPath() : Path.GetFullPath(machine.Options.ScreendumpDirectory);
        _file = Path.Combine(directory, $"kvmportal-qemu-screen-{Environment.ProcessId}-{Guid.NewGuid():N}.ppm");
    }

    /// <inheritdoc/>
    public string Name => "qemu";

    /// <inheritdoc/>
    public bool DeliversJpeg => false;

    /// <summary>Gets the number of screendumps taken (for tests and statistics).</summary>
    public long Screendumps { get; private set; }

    /// <inheritdoc/>
    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fps = Math.Clamp(_machine.Options.ScreendumpFps, 1, 30);
        if (request.DesiredFps > 0)
        {
            fps = Math.Min(fps, request.DesiredFps);
        }

        if (_lastCapture != long.MinValue)
        {
            var wait = TimeSpan.FromSeconds(1.0 / fps) - _time.GetElapsedTime(_lastCapture);
            if (wait > TimeSpan.Zero)
            {
                Task.Delay(wait, _time, cancellationToken).GetAwaiter().GetResult();
            }
        }

        _lastCapture = _time.GetTimestamp();
        _machine.StartMonitoring();
        try
        {
            if (!_machine.Running)
            {
                // The monitor polls once a second; ask directly so that "power on" shows up in the next frame.
                _machine.RefreshStatusAsync(cancellationToken).GetAwaiter().GetResult();
                if (!_machine.Running)
                {
                    return VideoCaptureResult.FromState(VideoSignalState.NoSignal);
                }
            }

            return VideoCaptureResult.FromFrame(Grab(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (QmpException ex)
        {
            QemuLog.OperationFailed(_logger, "screendump", ex);
            return VideoCaptureResult.FromState(VideoSignalState.NoSignal);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            QemuLog.OperationFailed(_logger, "screendump", ex);
            return VideoCaptureResult.FromState(VideoSignalState.NoDevice);
        }
    }

    /// <inheritdoc/>
    public void Stop()
    {
        _lastCapture = long.MinValue;
        _buffer = [];
        File.Delete(_file);
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private RawVideoFrame Grab(CancellationToken cancellationToken)
    {
        _machine.ExecuteAsync("screendump", new JsonObject { ["filename"] = _file }, cancellationToken).GetAwaiter().GetResult();
        var timestamp = _time.GetUtcNow();
        Screendumps++;
        int length;
        using (var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
        {
            length = checked((int)stream.Length);
            if (_buffer.Length < length)
            {
                _buffer = new byte[length];
            }

            stream.ReadExactly(_buffer, 0, length);
        }

        var data = _buffer.AsSpan(0, length);
        var (width, height, offset) = PpmDecoder.ReadHeader(data);
        var size = width * height * 3;
        var frame = new RawVideoFrame(VideoPixelFormat.Rgb24, width, height, width * 3, size, timestamp);
        data.Slice(offset, size).CopyTo(frame.Buffer);
        return frame;
    }
}
