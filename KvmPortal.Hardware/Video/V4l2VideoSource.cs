using System.Text.RegularExpressions;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// Video4Linux2 capture (own P/Invoke): selects the configured input, applies DV timings (TC358743-style HDMI receivers),
/// negotiates the format, streams through mmap buffers, keeps only the newest frame, renegotiates on SOURCE_CHANGE
/// and turns failures into NoSignal/NoSync/NoDevice (the streamer calls again after its retry delay, which reopens).
/// </summary>
public sealed partial class V4l2VideoSource : IVideoSource
{
    private static readonly uint[] AutoPreference =
        [V4l2Native.FourccUyvy, V4l2Native.FourccYuyv, V4l2Native.FourccRgb24, V4l2Native.FourccBgr24, V4l2Native.FourccMjpeg, V4l2Native.FourccJpeg];

    // USB 2 cannot carry raw HD at a usable rate (YUYV 1080p: about 5 fps), so USB devices (UVC dongles) stream their MJPEG.
    private static readonly uint[] UsbAutoPreference =
        [V4l2Native.FourccMjpeg, V4l2Native.FourccJpeg, V4l2Native.FourccUyvy, V4l2Native.FourccYuyv, V4l2Native.FourccRgb24, V4l2Native.FourccBgr24];

    private static readonly TimeSpan DeviceTimeout = TimeSpan.FromSeconds(1);

    private readonly VideoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<V4l2VideoSource> _logger;
    private V4l2Device? _device;
    private V4l2CaptureExports? _exports;
    private VideoCaptureRequest? _openedFor;
    private bool _dvTimings;
    private VideoPixelFormat _format;
    private int _width;
    private int _height;
    private int _stride;
    private string _lastProblem = string.Empty;

    /// <summary>Initializes a new instance of the <see cref="V4l2VideoSource"/> class.</summary>
    /// <param name="options">Device, input, format and buffer settings.</param>
    /// <param name="timeProvider">Clock for timestamps and the device timeout.</param>
    /// <param name="logger">Logger.</param>
    public V4l2VideoSource(IOptions<VideoOptions> options, TimeProvider timeProvider, ILogger<V4l2VideoSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("The V4L2 structures are laid out for 64-bit Linux; use a 64-bit OS.");
        }

        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => _options.Device;

    /// <inheritdoc />
    public bool DeliversJpeg => _options.Format == VideoCaptureFormat.Mjpeg;

    /// <inheritdoc />
    public VideoCaptureResult Capture(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_device is not null && !_dvTimings && _openedFor is { } opened && (opened.Width != request.Width || opened.Height != request.Height))
        {
            Close(); // a new size was asked for live
        }

        if (_device is null)
        {
            VideoSignalState state = TryOpen(request);
            if (state != VideoSignalState.Online)
            {
                return VideoCaptureResult.FromState(state);
            }
        }

        try
        {
            return ReadFrame(request, cancellationToken);
        }
        catch (V4l2Exception ex)
        {
            Problem("capture: " + ex.Message);
            Close();
            return VideoCaptureResult.FromState(VideoSignalState.NoDevice);
        }
    }

    /// <inheritdoc />
    public void Stop() => Close();

    /// <inheritdoc />
    public void Dispose() => Close();

    /// <summary>Matches an input name: exact (ignoring case), or with vivid's newer "HDMI 000-0" instance prefix removed.</summary>
    /// <returns>The matching entry, or null.</returns>
    internal static (uint Index, string Name, uint Capabilities)? FindInput(IEnumerable<(uint Index, string Name, uint Capabilities)> inputs, string wanted)
    {
        var list = inputs.ToList();
        foreach (var input in list)
        {
            if (string.Equals(input.Name, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return input;
            }
        }

        foreach (var input in list)
        {
            if (string.Equals(InstancePrefix().Replace(input.Name, "$1$2"), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return input;
            }
        }

        return null;
    }

    /// <summary>Picks the fourcc to request from what the device offers.</summary>
    /// <param name="offered">The device's formats.</param>
    /// <param name="wanted">The configured format.</param>
    /// <param name="usb">Whether the device sits on USB (QUERYCAP bus_info "usb-..."): Auto then prefers MJPEG.</param>
    /// <returns>The fourcc, or null when nothing usable is offered.</returns>
    internal static uint? ChooseFourcc(IReadOnlyCollection<uint> offered, VideoCaptureFormat wanted, bool usb = false)
    {
        uint[] candidates = wanted switch
        {
            VideoCaptureFormat.Yuyv => [V4l2Native.FourccYuyv],
            VideoCaptureFormat.Uyvy => [V4l2Native.FourccUyvy],
            VideoCaptureFormat.Rgb24 => [V4l2Native.FourccRgb24],
            VideoCaptureFormat.Bgr24 => [V4l2Native.FourccBgr24],
            VideoCaptureFormat.Mjpeg => [V4l2Native.FourccMjpeg, V4l2Native.FourccJpeg],
            _ => usb ? UsbAutoPreference : AutoPreference,
        };
        foreach (uint fourcc in candidates)
        {
            if (offered.Contains(fourcc))
            {
                return fourcc;
            }
        }

        return null;
    }

    private VideoCaptureResult ReadFrame(VideoCaptureRequest request, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            short events = _device!.Poll(200);
            if ((events & Libc.POLLPRI) != 0 && _device.DrainEvents())
            {
                LogSourceChange(_options.Device);
                Close();
                VideoSignalState state = TryOpen(request);
                if (state != VideoSignalState.Online)
                {
                    return VideoCaptureResult.FromState(state);
                }

                started = _time.GetTimestamp();
                continue;
            }

            if ((events & Libc.POLLIN) != 0)
            {
                if (DequeueNewest() is { } frame)
                {
                    return VideoCaptureResult.FromFrame(frame);
                }

                continue;
            }

            if ((events & (Libc.POLLERR | Libc.POLLHUP)) != 0)
            {
                throw new V4l2Exception("poll", Libc.ENODEV);
            }

            if (_time.GetElapsedTime(started) > DeviceTimeout)
            {
                // No frame for a second: close so that the next call re-queries timings (ustreamer's persistent mode).
                Problem("no frames for " + DeviceTimeout.TotalSeconds + " s");
                Close();
                return VideoCaptureResult.FromState(VideoSignalState.NoSignal);
            }
        }
    }

    /// <summary>Dequeues every filled buffer, requeues all but the newest valid one, copies that one out and requeues it.</summary>
    private RawVideoFrame? DequeueNewest()
    {
        V4l2Device device = _device!;
        V4l2Buffer? newest = null;
        while (device.TryDequeue(out V4l2Buffer buffer))
        {
            if (newest is { } older)
            {
                device.Requeue(older);
            }

            newest = null;
            int length = UsedLength(buffer);
            bool broken = (buffer.Flags & V4l2Native.V4L2_BUF_FLAG_ERROR) != 0 || length < 128 ||
                (_format == VideoPixelFormat.Mjpeg && !MjpegHuffman.IsPlausibleJpeg(device.BufferData(buffer, length)));
            if (broken)
            {
                device.Requeue(buffer);
                continue;
            }

            newest = buffer;
        }

        if (newest is not { } chosen)
        {
            return null;
        }

        int used = UsedLength(chosen);
        DateTimeOffset now = _time.GetUtcNow();
        var frame = new RawVideoFrame(_format, _width, _height, _format == VideoPixelFormat.Mjpeg ? 0 : _stride, used, now);
        device.BufferData(chosen, used).CopyTo(frame.Buffer);

        // Raw formats: the buffer stays out of the queue with the frame, so an M2M encoder can read it in place (DMABUF); the
        // streamer gives it back right after handling the frame unless the H.264 broadcaster took it. Else it goes back now.
        if (_exports?.TryLease(chosen.Index, used, now) is { } lease)
        {
            frame.AttachCaptureBuffer(lease);
        }
        else
        {
            device.Requeue(chosen);
        }

        return frame;
    }

    private int UsedLength(V4l2Buffer buffer)
    {
        if (_format == VideoPixelFormat.Mjpeg)
        {
            return (int)buffer.BytesUsed;
        }

        int full = _stride * _height;
        return buffer.BytesUsed == 0 ? full : Math.Min(full, (int)buffer.BytesUsed);
    }

    private void Close()
    {
        _exports?.Close(); // leases given back later queue nothing; an encoder may still read one (the dmabuf keeps it alive)
        _exports = null;
        _device?.Dispose();
        _device = null;
        _openedFor = null;
    }

    private void Problem(string text)
    {
        if (text != _lastProblem)
        {
            _lastProblem = text;
            LogProblem(_options.Device, text);
        }
    }

    [GeneratedRegex(@"^(\D+)\d{3}-(\d+)$")]
    private static partial Regex InstancePrefix();
}
