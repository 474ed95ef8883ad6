using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video;

public sealed partial class V4l2VideoSource
{
    /// <summary>Buffers a raw capture gets (unless configured) when it lends buffers to the encoder: 4 lent out, 2 with the driver.</summary>
    private const int MinBuffersForExport = 4 + V4l2CaptureExports.KeepQueued;

    private bool _edidApplied;

    private VideoSignalState TryOpen(VideoCaptureRequest request)
    {
        V4l2Device device;
        try
        {
            if (V4l2DeviceFinder.Resolve(_options.Device, "/sys/class/video4linux", V4l2DeviceFinder.IsCaptureNode) is not { } path)
            {
                Problem($"no V4L2 capture device named '{_options.Device}'");
                return VideoSignalState.NoDevice;
            }

            device = V4l2Device.Open(path);
        }
        catch (V4l2Exception ex)
        {
            Problem(ex.Message);
            return VideoSignalState.NoDevice;
        }

        try
        {
            VideoSignalState state = Negotiate(device, request);
            if (state != VideoSignalState.Online)
            {
                device.Dispose();
                return state;
            }

            _device = device;
            _openedFor = request;
            _lastProblem = string.Empty;
            return VideoSignalState.Online;
        }
        catch (V4l2Exception ex)
        {
            device.Dispose();
            Problem(ex.Message);
            return ex.Errno == V4l2Native.ENOLINK ? VideoSignalState.NoSignal : VideoSignalState.NoDevice;
        }
    }

    private VideoSignalState Negotiate(V4l2Device device, VideoCaptureRequest request)
    {
        var (driver, card, caps) = device.QueryCapabilities();
        if ((caps & V4l2Native.V4L2_CAP_VIDEO_CAPTURE) == 0 || (caps & V4l2Native.V4L2_CAP_STREAMING) == 0)
        {
            Problem($"{driver}/{card} is not a single-planar streaming capture device (caps 0x{caps:X})");
            return VideoSignalState.NoDevice;
        }

        var inputs = device.EnumerateInputs();
        uint inputCaps = 0;
        uint inputIndex = 0;
        if (!string.IsNullOrEmpty(_options.Input))
        {
            if (FindInput(inputs, _options.Input) is not { } input)
            {
                Problem($"input '{_options.Input}' not found; the device has: {string.Join(", ", inputs.Select(i => i.Name))}");
                return VideoSignalState.NoDevice;
            }

            device.SetInput(input.Index);
            inputCaps = input.Capabilities;
            inputIndex = input.Index;
        }
        else
        {
            int current = device.GetInput();
            inputCaps = inputs.FirstOrDefault(i => i.Index == current).Capabilities;
            inputIndex = (uint)Math.Max(0, current);
        }

        ApplyEdidOnce(device, inputIndex, inputCaps);
        uint width = (uint)Math.Max(0, request.Width > 0 ? request.Width : _options.Width);
        uint height = (uint)Math.Max(0, request.Height > 0 ? request.Height : _options.Height);
        _dvTimings = false;
        if (_options.UseDvTimings && (inputCaps & V4l2Native.V4L2_IN_CAP_DV_TIMINGS) != 0)
        {
            int errno = device.QueryDvTimings(out V4l2DvTimings timings);
            switch (errno)
            {
                case 0:
                    device.SetDvTimings(timings);
                    width = timings.Width;
                    height = timings.Height;
                    _dvTimings = true;
                    LogDvTimings(_options.Device, (int)timings.Width, (int)timings.Height, timings.RefreshHz);
                    break;
                case V4l2Native.ENOLINK:
                    Problem("no signal (QUERY_DV_TIMINGS: ENOLINK)");
                    return VideoSignalState.NoSignal;
                case V4l2Native.ENOLCK:
                    Problem("no sync (QUERY_DV_TIMINGS: ENOLCK)");
                    return VideoSignalState.NoSync;
                case V4l2Native.ERANGE:
                    Problem("signal out of range (QUERY_DV_TIMINGS: ERANGE)");
                    return VideoSignalState.NoSignal;
                default:
                    break; // no DV timings support after all: keep the format's size
            }
        }

        List<uint> offered = device.EnumerateFormats();
        bool usb = device.QueryBusInfo().StartsWith("usb-", StringComparison.Ordinal);
        if (ChooseFourcc(offered, _options.Format, usb) is not { } fourcc)
        {
            Problem($"no usable pixel format for {_options.Format}; the device offers: {string.Join(", ", offered.Select(V4l2Native.FourccText))}");
            return VideoSignalState.NoDevice;
        }

        if (width == 0 || height == 0)
        {
            V4l2Format current = device.GetFormat();
            width = current.Width;
            height = current.Height;
        }

        V4l2Format format = device.SetFormat(fourcc, width, height);
        if (V4l2Native.ToPixelFormat(format.PixelFormat) is not { } pixelFormat)
        {
            Problem($"driver switched to unsupported format {V4l2Native.FourccText(format.PixelFormat)}");
            return VideoSignalState.NoDevice;
        }

        _format = pixelFormat;
        _width = (int)format.Width;
        _height = (int)format.Height;
        _stride = pixelFormat == VideoPixelFormat.Mjpeg ? 0 : (int)Math.Max(format.BytesPerLine, format.Width * (uint)JpegEncoder.BytesPerPixel(pixelFormat));
        bool events = device.SubscribeSourceChange(inputIndex);
        bool export = _options.ExportDmabuf && pixelFormat != VideoPixelFormat.Mjpeg;
        int buffers = _options.Buffers > 0 ? _options.Buffers : Math.Clamp(Environment.ProcessorCount, 1, 4) + 1;
        if (export && _options.Buffers <= 0)
        {
            buffers = Math.Max(buffers, MinBuffersForExport); // room for the H.264 encoder's leases (newest, pending, in flight, last)
        }

        device.StartStreaming(buffers);
        _exports = export ? new V4l2CaptureExports(device, format.PixelFormat, _width, _height, _stride) : null;
        string fourccText = V4l2Native.FourccText(format.PixelFormat);
        LogOpened(_options.Device, driver, card, _width, _height, fourccText, device.BufferCount, events);
        return VideoSignalState.Online;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "V4L2 {Device} ({Driver}/{Card}) streaming {Width}x{Height} {Fourcc}, {Buffers} buffers, source-change events {Events}")]
    private partial void LogOpened(string device, string driver, string card, int width, int height, string fourcc, int buffers, bool events);

    /// <summary>Gives an HDMI input the configured EDID, once per process: setting it makes the source re-read it (a hot-plug).</summary>
    private void ApplyEdidOnce(V4l2Device device, uint input, uint inputCaps)
    {
        if (_edidApplied || string.IsNullOrEmpty(_options.EdidFile) || (inputCaps & V4l2Native.V4L2_IN_CAP_DV_TIMINGS) == 0)
        {
            return;
        }

        _edidApplied = true;
        try
        {
            var edid = EdidImage.Load(_options.EdidFile);
            int errno = device.TrySetEdid(input, edid);
            if (errno == 0)
            {
                LogEdid(_options.Device, _options.EdidFile, edid.Length / EdidImage.BlockSize);
            }
            else
            {
                Problem($"setting the EDID from {_options.EdidFile} failed (VIDIOC_S_EDID errno {errno})");
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Problem($"EDID {_options.EdidFile} not used: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "V4L2 {Device} input given the EDID from {File} ({Blocks} block(s))")]
    private partial void LogEdid(string device, string file, int blocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "V4L2 {Device} DV timings {Width}x{Height} at {Hz:0.00} Hz")]
    private partial void LogDvTimings(string device, int width, int height, double hz);

    [LoggerMessage(Level = LogLevel.Information, Message = "V4L2 {Device} source changed; renegotiating")]
    private partial void LogSourceChange(string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "V4L2 {Device}: {Problem}")]
    private partial void LogProblem(string device, string problem);
}
