using System.Text;

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>V4L2 ioctl numbers and constants (64-bit Linux: identical on x86_64 and arm64; verified against videodev2.h by a gcc test).</summary>
internal static class V4l2Native
{
    public const nuint VIDIOC_QUERYCAP = 0x80685600;
    public const nuint VIDIOC_ENUM_FMT = 0xC0405602;
    public const nuint VIDIOC_G_FMT = 0xC0D05604;
    public const nuint VIDIOC_S_FMT = 0xC0D05605;
    public const nuint VIDIOC_REQBUFS = 0xC0145608;
    public const nuint VIDIOC_QUERYBUF = 0xC0585609;
    public const nuint VIDIOC_QBUF = 0xC058560F;
    public const nuint VIDIOC_EXPBUF = 0xC0405610;
    public const nuint VIDIOC_DQBUF = 0xC0585611;
    public const nuint VIDIOC_STREAMON = 0x40045612;
    public const nuint VIDIOC_STREAMOFF = 0x40045613;
    public const nuint VIDIOC_ENUMINPUT = 0xC050561A;
    public const nuint VIDIOC_G_INPUT = 0x80045626;
    public const nuint VIDIOC_S_INPUT = 0xC0045627;
    public const nuint VIDIOC_G_CTRL = 0xC008561B;
    public const nuint VIDIOC_S_CTRL = 0xC008561C;
    public const nuint VIDIOC_QUERYCTRL = 0xC0445624;
    public const nuint VIDIOC_QUERYMENU = 0xC02C5625;
    public const nuint VIDIOC_QUERY_DV_TIMINGS = 0x80845663;
    public const nuint VIDIOC_S_DV_TIMINGS = 0xC0845657;
    public const nuint VIDIOC_G_DV_TIMINGS = 0xC0845658;
    public const nuint VIDIOC_SUBSCRIBE_EVENT = 0x4020565A;
    public const nuint VIDIOC_DQEVENT = 0x80885659;
    public const nuint VIDIOC_G_EDID = 0xC0285628;
    public const nuint VIDIOC_S_EDID = 0xC0285629;

    public const uint V4L2_CAP_VIDEO_CAPTURE = 0x1;
    public const uint V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x1000;
    public const uint V4L2_CAP_STREAMING = 0x4000000;
    public const uint V4L2_CAP_DEVICE_CAPS = 0x80000000;

    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    public const uint V4L2_MEMORY_MMAP = 1;
    public const uint V4L2_MEMORY_DMABUF = 4;
    public const uint V4L2_FIELD_ANY = 0;
    public const uint V4L2_BUF_FLAG_ERROR = 0x40;

    public const uint V4L2_IN_CAP_DV_TIMINGS = 0x2;
    public const uint V4L2_DV_BT_656_1120 = 0;

    public const uint V4L2_EVENT_EOS = 2;
    public const uint V4L2_EVENT_SOURCE_CHANGE = 5;

    public const uint V4L2_CTRL_FLAG_NEXT_CTRL = 0x80000000;

    public const uint FourccYuyv = 0x56595559;
    public const uint FourccUyvy = 0x59565955;
    public const uint FourccRgb24 = 0x33424752;
    public const uint FourccBgr24 = 0x33524742;
    public const uint FourccMjpeg = 0x47504A4D;
    public const uint FourccJpeg = 0x4745504A;

    public const int ENOENT = 2;
    public const int ENOTTY = 25;
    public const int ERANGE = 34;
    public const int ENOLCK = 37;
    public const int ENODATA = 61;
    public const int ENOLINK = 67;

    /// <summary>Maps a V4L2 fourcc to the pipeline's pixel format.</summary>
    /// <returns>The format, or null when unsupported.</returns>
    public static VideoPixelFormat? ToPixelFormat(uint fourcc) => fourcc switch
    {
        FourccYuyv => VideoPixelFormat.Yuyv,
        FourccUyvy => VideoPixelFormat.Uyvy,
        FourccRgb24 => VideoPixelFormat.Rgb24,
        FourccBgr24 => VideoPixelFormat.Bgr24,
        FourccMjpeg or FourccJpeg => VideoPixelFormat.Mjpeg,
        _ => null,
    };

    /// <summary>Renders a fourcc as its four characters.</summary>
    /// <returns>E.g. "YUYV".</returns>
    public static string FourccText(uint fourcc) =>
        Encoding.ASCII.GetString([(byte)fourcc, (byte)(fourcc >> 8), (byte)(fourcc >> 16), (byte)(fourcc >> 24)]);
}
