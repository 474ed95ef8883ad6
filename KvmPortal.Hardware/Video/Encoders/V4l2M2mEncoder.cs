using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// A V4L2 memory-to-memory stateful encoder (kernel doc dev-encoder.rst): the Raspberry Pi's H.264 encoder (/dev/video11,
/// bcm2835-codec-encode) or vicodec's FWHT encoder in the VM lab; single- or multi-planar as the driver offers.
/// Formats on both queues (CAPTURE coded first, then OUTPUT raw), the frame interval, codec controls, one MMAP buffer per
/// queue (one frame in flight, as ustreamer), STREAMON; then each <see cref="Encode"/> queues one raw frame with its
/// timestamp and waits for the coded frame carrying the same timestamp. Key frames on demand through
/// V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, or, where the driver lacks it, the spec's reset (drain, STREAMOFF/STREAMON CAPTURE).
/// <see cref="Drain"/> sends V4L2_ENC_CMD_STOP and dequeues until the LAST buffer (and the EOS event); a frame of another size
/// restarts the encoder (drain, STREAMOFF, free, renegotiate). Opened with <see cref="OpenDmabuf"/>, the OUTPUT queue imports the
/// capture device's buffers as dmabufs (no copy; <see cref="EncodeDmabuf"/>), as ustreamer feeds the Pi's encoder. Not thread-safe.
/// </summary>
public sealed partial class V4l2M2mEncoder : IDmabufVideoEncoder
{
    private readonly V4l2M2mDevice _device;
    private readonly ILogger _logger;
    private readonly uint? _requestedInputFourcc;
    private readonly Dictionary<uint, int> _appliedControls = [];
    private M2mPlaneFormat _output;
    private M2mPlaneFormat _capture;
    private bool _streaming;
    private bool _captureQueued;
    private long _lastTimestamp;

    private V4l2M2mEncoder(V4l2M2mDevice device, VideoEncoderSettings settings, uint? inputFourcc, ILogger logger, bool dmabufInput = false)
    {
        _device = device;
        DmabufInput = dmabufInput;
        _logger = logger;
        _requestedInputFourcc = inputFourcc;
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => $"{_device.Driver} '{_device.Card}' at {_device.Path}{(_device.Multiplanar ? " (multi-planar)" : string.Empty)}";

    /// <inheritdoc/>
    public VideoEncoderSettings Settings { get; private set; }

    /// <summary>Gets a value indicating whether the driver uses the multi-planar API (the Pi does; vicodec by default does not).</summary>
    public bool Multiplanar => _device.Multiplanar;

    /// <summary>Gets a value indicating whether the driver has V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME (else key frames are forced by a reset).</summary>
    public bool HasForceKeyFrameControl { get; private set; }

    /// <summary>Gets the raw fourcc queued on OUTPUT.</summary>
    public uint InputFourcc => _output.Fourcc;

    /// <summary>Gets the buffer counts the driver granted (OUTPUT, CAPTURE); one of each is in flight at most.</summary>
    public (int Output, int Capture) BufferCounts { get; private set; }

    /// <summary>Gets the codec controls as set (id → value read back from the driver).</summary>
    public IReadOnlyDictionary<uint, int> AppliedControls => _appliedControls;

    /// <summary>Gets how many coded frames came out.</summary>
    public long FramesEncoded { get; private set; }

    /// <summary>Gets how many frames were lost (error flag, timeout, or a coded frame with another timestamp).</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Gets how many times the encoder was reconfigured (resolution changes).</summary>
    public int Restarts { get; private set; }

    /// <summary>Gets what the last drain saw: the LAST flag, and the V4L2_EVENT_EOS event.</summary>
    public (bool LastFlag, bool EosEvent) LastDrain { get; private set; }

    /// <summary>Opens and starts an encoder.</summary>
    /// <param name="path">The node, e.g. from <see cref="V4l2EncoderFinder"/>.</param>
    /// <param name="settings">Codec, size, rate, bitrate, GOP, profile, level.</param>
    /// <param name="inputFourcc">The raw OUTPUT fourcc; null = I420 (YU12), to which every frame is converted.</param>
    /// <param name="logger">Logger.</param>
    /// <returns>The streaming encoder.</returns>
    /// <exception cref="V4l2Exception">The node is no such encoder or refused the configuration (the message holds the driver's errno).</exception>
    public static V4l2M2mEncoder Open(string path, VideoEncoderSettings settings, uint? inputFourcc = null, ILogger<V4l2M2mEncoder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var device = V4l2M2mDevice.Open(path);
        var encoder = new V4l2M2mEncoder(device, settings, inputFourcc, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            encoder.Start(settings);
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Reconfigures for new settings (e.g. a resolution change): drain, STREAMOFF, free buffers, renegotiate, STREAMON.</summary>
    /// <param name="settings">The new settings.</param>
    /// <param name="cancellationToken">Stops waiting for the drain.</param>
    /// <returns>Frames that came out of the drain.</returns>
    public IReadOnlyList<EncodedVideoFrame> Restart(VideoEncoderSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        List<EncodedVideoFrame> drained = _streaming ? Drain(resume: false, cancellationToken) : [];
        StopStreaming();
        Start(settings);
        Restarts++;
        LogRestarted(_logger, _device.Path, settings.Width, settings.Height, drained.Count);
        return drained;
    }

    /// <inheritdoc/>
    public void Dispose() => _device.Dispose();

    private void Start(VideoEncoderSettings settings)
    {
        uint coded = V4l2EncoderControls.CodedFourcc(settings.Codec);
        uint raw = _requestedInputFourcc ?? V4l2M2mNative.FourccYuv420;
        RequireFormat(_device.CaptureType, coded, "CAPTURE");
        RequireFormat(_device.OutputType, raw, "OUTPUT");

        // CAPTURE (coded) first: it fixes the coded format and may change what OUTPUT offers (dev-encoder.rst, "Initialization").
        _device.SetFormat(_device.CaptureType, coded, (uint)settings.Width, (uint)settings.Height, V4l2EncoderControls.CodedBufferSize(settings));
        _output = _device.SetFormat(_device.OutputType, raw, (uint)settings.Width, (uint)settings.Height, 0);
        if (_output.Fourcc != raw || _output.Width < settings.Width || _output.Height < settings.Height)
        {
            throw new V4l2Exception($"{_device.Path} set OUTPUT to {V4l2Native.FourccText(_output.Fourcc)} {_output.Width}x{_output.Height}, " +
                $"asked {V4l2Native.FourccText(raw)} {settings.Width}x{settings.Height}");
        }

        if (_output.Width != settings.Width || _output.Height != settings.Height)
        {
            var visible = _device.SetVisibleSize((uint)settings.Width, (uint)settings.Height);
            if (visible != ((uint)settings.Width, (uint)settings.Height))
            {
                throw new V4l2Exception($"{_device.Path} crops {_output.Width}x{_output.Height} to {visible.Width}x{visible.Height}, asked {settings.Width}x{settings.Height}");
            }
        }

        _capture = _device.GetFormat(_device.CaptureType);
        if (_capture.Fourcc != coded)
        {
            throw new V4l2Exception($"{_device.Path} CAPTURE is {V4l2Native.FourccText(_capture.Fourcc)}, asked {V4l2Native.FourccText(coded)}");
        }

        bool interval = _device.SetFrameInterval(1, (uint)settings.FramesPerSecond);
        ApplyControls(settings);
        HasForceKeyFrameControl = _device.QueryControl(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME) is not null;
        _device.SubscribeEvent(V4l2M2mNative.V4L2_EVENT_EOS);

        int outputs = DmabufInput ? _device.RequestDmabufBuffers(_device.OutputType, 1) : _device.RequestBuffers(_device.OutputType, 1);
        int captures = _device.RequestBuffers(_device.CaptureType, 1);
        BufferCounts = (outputs, captures);
        _device.Queue(_device.CaptureType, 0, 0, 0);
        _captureQueued = true;
        _device.StreamOn(_device.OutputType);
        _device.StreamOn(_device.CaptureType);
        _streaming = true;
        Settings = settings;
        string rawText = V4l2Native.FourccText(raw), codedText = V4l2Native.FourccText(coded);
        LogStarted(_logger, Name, rawText, settings.Width, settings.Height, codedText, _capture.SizeImage, outputs, captures, HasForceKeyFrameControl, interval);
    }

    private void StopStreaming()
    {
        if (!_streaming)
        {
            return;
        }

        _device.StreamOff(_device.OutputType);
        _device.StreamOff(_device.CaptureType);
        _device.FreeBuffers(_device.OutputType);
        _device.FreeBuffers(_device.CaptureType);
        _captureQueued = false;
        _streaming = false;
    }

    private void RequireFormat(uint type, uint fourcc, string queue)
    {
        List<uint> formats = _device.EnumerateFormats(type);
        if (!formats.Contains(fourcc))
        {
            throw new V4l2Exception($"{_device.Path} ({_device.Driver}) offers no {V4l2Native.FourccText(fourcc)} on its {queue} queue; it offers " +
                string.Join(", ", formats.Select(V4l2Native.FourccText)));
        }
    }

    private void ApplyControls(VideoEncoderSettings settings)
    {
        _appliedControls.Clear();
        foreach (EncoderControl control in V4l2EncoderControls.For(settings))
        {
            var range = _device.QueryControl(control.Id);
            if (range is not { } r)
            {
                if (control.Required)
                {
                    throw new V4l2Exception($"{_device.Path} ({_device.Driver}) has no {control.Name} control (0x{control.Id:X}), needed for {settings.Codec}");
                }

                LogControlMissing(_logger, control.Name, control.Id);
                continue;
            }

            int value = Math.Clamp(control.Value, r.Minimum, r.Maximum);
            if (value != control.Value)
            {
                LogControlClamped(_logger, control.Name, control.Value, value, r.Minimum, r.Maximum);
            }

            _device.SetControl(control.Id, value);
            _appliedControls[control.Id] = _device.GetControl(control.Id);
        }
    }
}
