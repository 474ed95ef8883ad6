namespace KvmPortal.Hardware.Video.Interop;

/// <summary>
/// V4L2 memory-to-memory (stateful encoder) ioctl numbers, buffer types, flags, fourccs and codec control ids
/// (64-bit Linux; every value is checked against linux/videodev2.h and linux/v4l2-controls.h by a gcc test).
/// </summary>
internal static class V4l2M2mNative
{
    public const nuint VIDIOC_TRY_FMT = 0xC0D05640;
    public const nuint VIDIOC_G_PARM = 0xC0CC5615;
    public const nuint VIDIOC_S_PARM = 0xC0CC5616;
    public const nuint VIDIOC_G_SELECTION = 0xC040565E;
    public const nuint VIDIOC_S_SELECTION = 0xC040565F;
    public const nuint VIDIOC_ENCODER_CMD = 0xC028564D;
    public const nuint VIDIOC_TRY_ENCODER_CMD = 0xC028564E;

    public const uint V4L2_CAP_VIDEO_M2M_MPLANE = 0x4000;
    public const uint V4L2_CAP_VIDEO_M2M = 0x8000;

    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT = 2;
    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9;
    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE = 10;

    public const uint V4L2_FIELD_NONE = 1;

    public const uint V4L2_SEL_TGT_CROP = 0;

    public const uint V4L2_BUF_FLAG_KEYFRAME = 0x8;
    public const uint V4L2_BUF_FLAG_PFRAME = 0x10;
    public const uint V4L2_BUF_FLAG_BFRAME = 0x20;
    public const uint V4L2_BUF_FLAG_ERROR = 0x40;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_COPY = 0x4000;
    public const uint V4L2_BUF_FLAG_LAST = 0x100000;

    public const uint V4L2_ENC_CMD_START = 0;
    public const uint V4L2_ENC_CMD_STOP = 1;

    public const uint V4L2_EVENT_EOS = 2;

    public const uint FourccYuv420 = 0x32315559; // YU12 (I420)
    public const uint FourccNv12 = 0x3231564E;
    public const uint FourccH264 = 0x34363248;
    public const uint FourccFwht = 0x54485746;

    // Controls (V4L2_CID_CODEC_BASE = 0x990900).
    public const uint V4L2_CID_MIN_BUFFERS_FOR_OUTPUT = 0x980928;
    public const uint V4L2_CID_MPEG_VIDEO_GOP_SIZE = 0x9909CB;
    public const uint V4L2_CID_MPEG_VIDEO_BITRATE_MODE = 0x9909CE;
    public const uint V4L2_CID_MPEG_VIDEO_BITRATE = 0x9909CF;
    public const uint V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER = 0x9909E2;
    public const uint V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME = 0x9909E5;
    public const uint V4L2_CID_MPEG_VIDEO_H264_MIN_QP = 0x990A61;
    public const uint V4L2_CID_MPEG_VIDEO_H264_MAX_QP = 0x990A62;
    public const uint V4L2_CID_MPEG_VIDEO_H264_I_PERIOD = 0x990A66;
    public const uint V4L2_CID_MPEG_VIDEO_H264_LEVEL = 0x990A67;
    public const uint V4L2_CID_MPEG_VIDEO_H264_PROFILE = 0x990A6B;
    public const uint V4L2_CID_FWHT_I_FRAME_QP = 0x990A22;
    public const uint V4L2_CID_FWHT_P_FRAME_QP = 0x990A23;

    public const int V4L2_MPEG_VIDEO_BITRATE_MODE_VBR = 0;
    public const int V4L2_MPEG_VIDEO_BITRATE_MODE_CBR = 1;

    /// <summary>FWHT frame header flag (big-endian flags word at byte 20 of struct fwht_cframe_hdr): an intra-coded frame.</summary>
    public const uint V4L2_FWHT_FL_I_FRAME = 0x400;

    public static bool IsMultiplanar(uint bufferType) =>
        bufferType is V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE or V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
}
