using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// Software H.264 through openh264 (Debian libopenh264-7): the x86 encoder and the Pi's fallback. Low-latency settings:
/// real-time usage, bitrate rate control with frame skipping off (openh264 otherwise drops frames under its bitrate), one
/// thread, no frame delay; openh264 writes Constrained Baseline (no B-frames) and repeats SPS/PPS before each IDR.
/// Key frames every <see cref="VideoEncoderSettings.Gop"/> frames (0 = only the first and forced ones). Not thread-safe.
/// </summary>
public sealed unsafe class OpenH264Encoder : IVideoEncoder
{
    private nint _encoder;
    private byte[] _i420 = [];
    private long _lastTimestamp;

    private OpenH264Encoder(nint encoder, VideoEncoderSettings settings)
    {
        _encoder = encoder;
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "openh264 (libopenh264.so.7)";

    /// <inheritdoc/>
    public VideoEncoderSettings Settings { get; private set; }

    /// <summary>Gets a value indicating whether openh264 optimises for screen content (slower, smaller) instead of camera video.</summary>
    public bool ScreenContent { get; private init; }

    /// <summary>Creates and initialises an encoder.</summary>
    /// <param name="settings">H.264 settings (size, rate, bitrate, GOP).</param>
    /// <param name="screenContent">Use openh264's SCREEN_CONTENT_REAL_TIME mode (smaller P-frames, about 3x the CPU).</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="DllNotFoundException">libopenh264-7 is not installed.</exception>
    /// <exception cref="InvalidOperationException">openh264 refused the settings.</exception>
    public static OpenH264Encoder Create(VideoEncoderSettings settings, bool screenContent = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.Codec != VideoCodec.H264)
        {
            throw new ArgumentException("openh264 encodes H.264 only", nameof(settings));
        }

        nint handle;
        Check(OpenH264Native.WelsCreateSVCEncoder(&handle), "WelsCreateSVCEncoder");
        var encoder = new OpenH264Encoder(handle, settings) { ScreenContent = screenContent };
        try
        {
            encoder.Initialize(settings);
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public EncodedVideoFrame? Encode(RawVideoFrame frame, bool forceKeyFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_encoder == 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (frame.Width != Settings.Width || frame.Height != Settings.Height)
        {
            var resized = Settings with { Width = frame.Width, Height = frame.Height };
            resized.Validate();
            _ = OpenH264Native.Uninitialize(_encoder);
            Initialize(resized);
            forceKeyFrame = true;
        }

        int w = frame.Width, h = frame.Height, luma = w * h, chroma = luma / 4;
        if (_i420.Length != luma + (2 * chroma))
        {
            _i420 = new byte[luma + (2 * chroma)];
        }

        I420Converter.Convert(frame, _i420.AsSpan(0, luma), w, _i420.AsSpan(luma, chroma), _i420.AsSpan(luma + chroma, chroma), w / 2);
        long micros = (frame.CaptureTimestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        _lastTimestamp = Math.Max(micros, _lastTimestamp + 1);
        if (forceKeyFrame)
        {
            Check(OpenH264Native.ForceIntraFrame(_encoder, idr: true), "ForceIntraFrame");
        }

        SFrameBSInfo info = default;
        fixed (byte* planes = _i420)
        {
            SSourcePicture picture = default;
            picture.iColorFormat = OpenH264Native.videoFormatI420;
            picture.iStride[0] = w;
            picture.iStride[1] = w / 2;
            picture.iStride[2] = w / 2;
            picture.pData[0] = (ulong)planes;
            picture.pData[1] = (ulong)(planes + luma);
            picture.pData[2] = (ulong)(planes + luma + chroma);
            picture.iPicWidth = w;
            picture.iPicHeight = h;
            picture.uiTimeStamp = _lastTimestamp / 1000;
            Check(OpenH264Native.EncodeFrame(_encoder, &picture, &info), "EncodeFrame");
        }

        if (info.eFrameType is OpenH264Native.videoFrameTypeSkip || info.iFrameSizeInBytes <= 0)
        {
            return null;
        }

        byte[] data = new byte[info.iFrameSizeInBytes];
        int written = 0;
        SLayerBSInfo* layers = &info.FirstLayer;
        for (int layer = 0; layer < info.iLayerNum && layer < OpenH264Native.MAX_LAYER_NUM_OF_FRAME; layer++)
        {
            int size = 0;
            for (int nal = 0; nal < layers[layer].iNalCount; nal++)
            {
                size += layers[layer].pNalLengthInByte[nal];
            }

            new ReadOnlySpan<byte>(layers[layer].pBsBuf, size).CopyTo(data.AsSpan(written));
            written += size;
        }

        bool key = info.eFrameType is OpenH264Native.videoFrameTypeIDR;
        return new EncodedVideoFrame(VideoCodec.H264, data.AsMemory(0, written), _lastTimestamp, key, 0, w, h);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// ENCODER_OPTION_BITRATE (SBitrateInfo for SPATIAL_LAYER_ALL: the rate control's target, as WebRTC changes it per call) and
    /// ENCODER_OPTION_IDR_INTERVAL, both honoured by a running openh264 encoder.
    /// </remarks>
    public bool TryChangeRate(int bitrateKbps, int gop)
    {
        ObjectDisposedException.ThrowIf(_encoder == 0, this);
        var changed = Settings with { BitrateKbps = bitrateKbps, Gop = gop };
        changed.Validate();
        int* bitrate = stackalloc int[2]; // SBitrateInfo { LAYER_NUM iLayer; int iBitrate; }
        bitrate[0] = OpenH264Native.SPATIAL_LAYER_ALL;
        bitrate[1] = bitrateKbps * 1000;
        if (OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_BITRATE, bitrate) != OpenH264Native.cmResultSuccess)
        {
            return false;
        }

        int idrInterval = gop;
        if (OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_IDR_INTERVAL, &idrInterval) != OpenH264Native.cmResultSuccess)
        {
            return false;
        }

        Settings = changed;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>openh264 holds no frames back (no lookahead, no B-frames): nothing to flush.</remarks>
    public IReadOnlyList<EncodedVideoFrame> Drain(CancellationToken cancellationToken) => [];

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_encoder != 0)
        {
            _ = OpenH264Native.Uninitialize(_encoder);
            OpenH264Native.WelsDestroySVCEncoder(_encoder);
            _encoder = 0;
        }
    }

    private static void Check(int rc, string call)
    {
        if (rc != OpenH264Native.cmResultSuccess)
        {
            throw new InvalidOperationException($"openh264 {call} failed with {rc}");
        }
    }

    private void Initialize(VideoEncoderSettings settings)
    {
        int trace = OpenH264Native.WELS_LOG_ERROR;
        Check(OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_TRACE_LEVEL, &trace), "SetOption(TRACE_LEVEL)");
        SEncParamBase param = default;
        param.iUsageType = ScreenContent ? OpenH264Native.SCREEN_CONTENT_REAL_TIME : OpenH264Native.CAMERA_VIDEO_REAL_TIME;
        param.iPicWidth = settings.Width;
        param.iPicHeight = settings.Height;
        param.iTargetBitrate = settings.BitrateKbps * 1000;
        param.iRCMode = OpenH264Native.RC_BITRATE_MODE;
        param.fMaxFrameRate = settings.FramesPerSecond;
        Check(OpenH264Native.Initialize(_encoder, &param), "Initialize");
        byte skip = 0; // C++ bool false: never skip frames to meet the bitrate (video.md §9)
        Check(OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_RC_FRAME_SKIP, &skip), "SetOption(RC_FRAME_SKIP)");
        int idrInterval = settings.Gop; // 0 = no periodic IDR
        Check(OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_IDR_INTERVAL, &idrInterval), "SetOption(IDR_INTERVAL)");
        int format = OpenH264Native.videoFormatI420;
        Check(OpenH264Native.SetOption(_encoder, OpenH264Native.ENCODER_OPTION_DATAFORMAT, &format), "SetOption(DATAFORMAT)");
        Settings = settings;
    }
}
