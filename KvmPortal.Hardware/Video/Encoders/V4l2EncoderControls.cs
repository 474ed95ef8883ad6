using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// The codec controls a V4L2 stateful encoder gets for given settings (pure; applied by <see cref="V4l2M2mEncoder"/>).
/// H.264 follows ustreamer's m2m.c on the Pi: bitrate in bit/s, I-period = GOP, profile, level, SPS/PPS repeated
/// before every IDR, QP 16-32. FWHT (vicodec) has only a GOP size.
/// </summary>
internal static class V4l2EncoderControls
{
    public const int H264MinQp = 16;
    public const int H264MaxQp = 32;

    public static IReadOnlyList<EncoderControl> For(VideoEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Codec switch
        {
            VideoCodec.H264 =>
            [
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_BITRATE, "bitrate", settings.BitrateKbps * 1000, Required: true),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, "h264_i_period", settings.Gop, Required: true),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_PROFILE, "h264_profile", (int)settings.Profile, Required: true),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_LEVEL, "h264_level", (int)settings.Level, Required: true),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER, "repeat_seq_header", 1, Required: true),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_MIN_QP, "h264_min_qp", H264MinQp, Required: false),
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_MAX_QP, "h264_max_qp", H264MaxQp, Required: false),
            ],

            // GOP 0 means "key frames only when forced": the longest GOP the driver allows (the value is clamped to its range).
            VideoCodec.Fwht =>
            [
                new(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_GOP_SIZE, "gop_size", settings.Gop == 0 ? int.MaxValue : settings.Gop, Required: true),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Codec, "unknown codec"),
        };
    }

    /// <summary>The CAPTURE (coded) fourcc of a codec.</summary>
    /// <returns>The fourcc.</returns>
    public static uint CodedFourcc(VideoCodec codec) => codec switch
    {
        VideoCodec.H264 => V4l2M2mNative.FourccH264,
        VideoCodec.Fwht => V4l2M2mNative.FourccFwht,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
    };

    /// <summary>The CAPTURE buffer size to ask for: room for an IDR (ustreamer uses 1.5 MiB up to 1080p); FWHT lets vicodec decide.</summary>
    /// <returns>Bytes, or 0 for the driver's choice.</returns>
    public static uint CodedBufferSize(VideoEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Codec == VideoCodec.H264 ? (uint)Math.Max(1536 * 1024, settings.Width * settings.Height * 3 / 4) : 0;
    }
}
