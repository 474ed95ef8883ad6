using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// A thin, synchronous wrapper over one V4L2 memory-to-memory node: both queues (OUTPUT = raw frames in, CAPTURE = coded
/// frames out), single- or multi-planar (one plane) as the driver reports, MMAP buffers. Not thread-safe.
/// </summary>
internal sealed unsafe partial class V4l2M2mDevice : IDisposable
{

    private readonly Dictionary<uint, List<(nint Address, nuint Length)>> _buffers = [];
    private readonly HashSet<uint> _dmabufQueues = [];
    private int _fd;

    private V4l2M2mDevice(int fd, string path, string driver, string card, bool multiplanar)
    {
        _fd = fd;
        Path = path;
        Driver = driver;
        Card = card;
        Multiplanar = multiplanar;
        OutputType = multiplanar ? V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_OUTPUT;
        CaptureType = multiplanar ? V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_CAPTURE;
    }

    public string Path { get; }

    public string Driver { get; }

    public string Card { get; }

    public bool Multiplanar { get; }

    public uint OutputType { get; }

    public uint CaptureType { get; }

    /// <summary>Opens a node and checks that it is a streaming memory-to-memory device.</summary>
    /// <exception cref="V4l2Exception">The node cannot be opened or is no M2M device.</exception>
    public static V4l2M2mDevice Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new V4l2Exception("open " + path, Marshal.GetLastPInvokeError());
        }

        V4l2Capability cap = default;
        if (Libc.Ioctl(fd, V4l2Native.VIDIOC_QUERYCAP, &cap) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _ = Libc.Close(fd);
            throw new V4l2Exception("QUERYCAP " + path, errno);
        }

        uint caps = (cap.Capabilities & V4l2Native.V4L2_CAP_DEVICE_CAPS) != 0 ? cap.DeviceCaps : cap.Capabilities;
        bool mplane = (caps & V4l2M2mNative.V4L2_CAP_VIDEO_M2M_MPLANE) != 0;
        bool splane = (caps & V4l2M2mNative.V4L2_CAP_VIDEO_M2M) != 0;
        if ((!mplane && !splane) || (caps & V4l2Native.V4L2_CAP_STREAMING) == 0)
        {
            _ = Libc.Close(fd);
            throw new V4l2Exception($"{path} is not a streaming memory-to-memory device (device caps 0x{caps:X8})");
        }

        return new V4l2M2mDevice(fd, path, V4l2Text.Read(cap.Driver, 16), V4l2Text.Read(cap.Card, 32), mplane);
    }

    /// <summary>Lists the pixel formats of one queue.</summary>
    public List<uint> EnumerateFormats(uint type)
    {
        var list = new List<uint>();
        for (uint i = 0; i < 128; i++)
        {
            V4l2FmtDesc desc = default;
            desc.Index = i;
            desc.Type = type;
            if (TryIoctl(V4l2Native.VIDIOC_ENUM_FMT, &desc) != 0)
            {
                break;
            }

            list.Add(desc.PixelFormat);
        }

        return list;
    }

    /// <summary>S_FMT on one queue; returns what the driver chose (it may adjust size, stride and sizeimage).</summary>
    public M2mPlaneFormat SetFormat(uint type, uint fourcc, uint width, uint height, uint sizeImage)
    {
        if (V4l2M2mNative.IsMultiplanar(type))
        {
            V4l2FormatMplane f = default;
            f.Type = type;
            f.Width = width;
            f.Height = height;
            f.PixelFormat = fourcc;
            f.Field = V4l2M2mNative.V4L2_FIELD_NONE;
            f.NumPlanes = 1;
            f.Plane0SizeImage = sizeImage;
            Ioctl(V4l2Native.VIDIOC_S_FMT, &f, "S_FMT");
            return new M2mPlaneFormat(f.PixelFormat, f.Width, f.Height, f.Plane0BytesPerLine, f.Plane0SizeImage);
        }

        V4l2Format s = default;
        s.Type = type;
        s.Width = width;
        s.Height = height;
        s.PixelFormat = fourcc;
        s.Field = V4l2M2mNative.V4L2_FIELD_NONE;
        s.SizeImage = sizeImage;
        Ioctl(V4l2Native.VIDIOC_S_FMT, &s, "S_FMT");
        return new M2mPlaneFormat(s.PixelFormat, s.Width, s.Height, s.BytesPerLine, s.SizeImage);
    }

    public M2mPlaneFormat GetFormat(uint type)
    {
        if (V4l2M2mNative.IsMultiplanar(type))
        {
            V4l2FormatMplane f = default;
            f.Type = type;
            Ioctl(V4l2Native.VIDIOC_G_FMT, &f, "G_FMT");
            return new M2mPlaneFormat(f.PixelFormat, f.Width, f.Height, f.Plane0BytesPerLine, f.Plane0SizeImage);
        }

        V4l2Format s = default;
        s.Type = type;
        Ioctl(V4l2Native.VIDIOC_G_FMT, &s, "G_FMT");
        return new M2mPlaneFormat(s.PixelFormat, s.Width, s.Height, s.BytesPerLine, s.SizeImage);
    }

    /// <summary>
    /// S_SELECTION CROP on OUTPUT: the visible size when the driver aligned the coded size up (vicodec 360 → 368, the Pi 1080 → 1088).
    /// Uses the single-planar type, which the V4L2 core also accepts (and converts) for multi-planar drivers.
    /// </summary>
    /// <returns>The rectangle the driver chose.</returns>
    public (uint Width, uint Height) SetVisibleSize(uint width, uint height)
    {
        V4l2Selection sel = default;
        sel.Type = V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_OUTPUT;
        sel.Target = V4l2M2mNative.V4L2_SEL_TGT_CROP;
        sel.Width = width;
        sel.Height = height;
        Ioctl(V4l2M2mNative.VIDIOC_S_SELECTION, &sel, "S_SELECTION CROP");
        return (sel.Width, sel.Height);
    }

    /// <summary>S_PARM on the OUTPUT queue (the raw frame interval); false when the driver has no such ioctl.</summary>
    public bool SetFrameInterval(uint numerator, uint denominator)
    {
        V4l2StreamParm parm = default;
        parm.Type = OutputType;
        parm.TimePerFrameNumerator = numerator;
        parm.TimePerFrameDenominator = denominator;
        int errno = TryIoctl(V4l2M2mNative.VIDIOC_S_PARM, &parm);
        if (errno is V4l2Native.ENOTTY)
        {
            return false;
        }

        if (errno != 0)
        {
            throw new V4l2Exception("S_PARM", errno);
        }

        return true;
    }

    public void Dispose()
    {
        if (_fd < 0)
        {
            return;
        }

        foreach (uint type in new[] { OutputType, CaptureType })
        {
            int t = (int)type;
            _ = TryIoctl(V4l2Native.VIDIOC_STREAMOFF, &t);
            FreeBuffers(type);
        }

        _ = Libc.Close(_fd);
        _fd = -1;
    }

    private V4l2Buffer NewBuffer(uint type, uint index, V4l2Plane* plane)
    {
        V4l2Buffer buf = default;
        buf.Index = index;
        buf.Type = type;
        buf.Memory = _dmabufQueues.Contains(type) ? V4l2Native.V4L2_MEMORY_DMABUF : V4l2Native.V4L2_MEMORY_MMAP;
        if (V4l2M2mNative.IsMultiplanar(type))
        {
            buf.Planes = (nint)plane;
            buf.Length = 1;
        }

        return buf;
    }

    private void Ioctl(nuint request, void* argument, string name)
    {
        int errno = TryIoctl(request, argument);
        if (errno != 0)
        {
            throw new V4l2Exception(name, errno);
        }
    }

    /// <summary>ioctl with retries on EINTR/EAGAIN (<see cref="V4l2Ioctl.Try"/>); returns 0 or errno.</summary>
    private int TryIoctl(nuint request, void* argument)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        return V4l2Ioctl.Try(_fd, request, argument);
    }
}
