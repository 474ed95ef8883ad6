using System.Globalization;
using KvmPortal.Tests.Kernel.Msd;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>
/// A USB HDMI capture dongle made of the kernel's UVC gadget function (configfs <c>uvc</c>) on dummy_udc. Like the
/// MS2109-class dongles it offers MJPEG (format 1) and uncompressed YUYV (format 2), each with 1280x720 and 1920x1080
/// frames at 30 fps, so that the same guest's host side enumerates it through
/// uvcvideo. Nothing streams until a <see cref="UvcFeeder"/> answers the gadget's events. Unplug/plug = unbind/bind the UDC.
/// </summary>
internal sealed class UvcDongleGadget : IDisposable
{
    /// <summary>The USB product string; uvcvideo names its capture node after it (QUERYCAP card, sysfs name).</summary>
    public const string Product = "KvmPortal HDMI dongle";

    /// <summary>Largest MJPEG frame the dongle may send (the gadget's V4L2 sizeimage and the probe's dwMaxVideoFrameSize).</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>30 fps in 100 ns units.</summary>
    public const int FrameInterval = 333333;

    /// <summary>High-speed isochronous payload per microframe: 1024 bytes × 3 transactions.</summary>
    public const int MaxPayload = 3072;

    private const string ConfigfsRoot = "/sys/kernel/config";
    private static readonly (string Name, int Width, int Height)[] FrameDirs = [("720p", 1280, 720), ("1080p", 1920, 1080)];
    private static readonly (string Dir, bool Mjpeg)[] FormatDirs = [("streaming/mjpeg/m", true), ("streaming/uncompressed/u", false)];

    private readonly string _udc;
    private bool _bound;

    private UvcDongleGadget(string path, string udc)
    {
        GadgetPath = path;
        _udc = udc;
    }

    public string GadgetPath { get; }

    private string FunctionPath => Path.Combine(GadgetPath, "functions/uvc.usb0");

    /// <summary>Loads the modules, builds the configfs tree and binds it to a free dummy_udc (plugs the dongle in).</summary>
    public static UvcDongleGadget Create()
    {
        Shell.Check("modprobe -a dummy_hcd libcomposite usb_f_uvc uvcvideo");
        if (!Directory.Exists(Path.Combine(ConfigfsRoot, "usb_gadget")))
        {
            Shell.Check($"mount -t configfs none {ConfigfsRoot}");
        }

        var gadget = new UvcDongleGadget(Path.Combine(ConfigfsRoot, "usb_gadget", "kvmportal-uvc"), FreeUdc());
        try
        {
            gadget.Build();
            gadget.Bind();
        }
        catch
        {
            gadget.Dispose();
            throw;
        }

        return gadget;
    }

    /// <summary>Plugs the dongle in (binds the gadget to its UDC; the feeder then connects it).</summary>
    public void Bind()
    {
        Write(GadgetPath, "UDC", _udc);
        _bound = true;
    }

    /// <summary>Unplugs the dongle (unbinds the UDC). Blocks until the feeder has closed the gadget's video node.</summary>
    public void Unbind()
    {
        Write(GadgetPath, "UDC", string.Empty);
        _bound = false;
    }

    /// <summary>The gadget's own V4L2 output node (the one with a function_name attribute), or null while unbound.</summary>
    public static string? FindGadgetNode()
    {
        foreach (string dir in Directory.GetDirectories("/sys/class/video4linux", "video*").Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(dir, "function_name")) && File.Exists("/dev/" + Path.GetFileName(dir)))
            {
                return "/dev/" + Path.GetFileName(dir);
            }
        }

        return null;
    }

    /// <summary>The host side's uvcvideo nodes (capture and metadata); uvcvideo names them "&lt;product&gt;: &lt;function name&gt;".</summary>
    public static IReadOnlyList<string> FindHostNodes() =>
        [.. Directory.GetDirectories("/sys/class/video4linux", "video*").Order(StringComparer.Ordinal)
            .Where(d => File.ReadAllText(Path.Combine(d, "name")).StartsWith(Product, StringComparison.Ordinal))
            .Select(d => "/dev/" + Path.GetFileName(d))];

    public int StreamingInterface => ReadInt(Path.Combine(FunctionPath, "streaming/bInterfaceNumber"));

    /// <summary>Format and frame size for a bFormatIndex/bFrameIndex pair (indices are assigned by the kernel at bind time).</summary>
    public (bool Mjpeg, int Width, int Height)? Frame(int formatIndex, int frameIndex)
    {
        foreach (var (dir, mjpeg) in FormatDirs)
        {
            if (ReadInt(Path.Combine(FunctionPath, dir, "bFormatIndex")) != formatIndex)
            {
                continue;
            }

            foreach (var (name, width, height) in FrameDirs)
            {
                if (ReadInt(Path.Combine(FunctionPath, dir, name, "bFrameIndex")) == frameIndex)
                {
                    return (mjpeg, width, height);
                }
            }
        }

        return null;
    }

    public static int FrameCount => FrameDirs.Length;

    public static int FormatCount => FormatDirs.Length;

    public void Dispose()
    {
        if (_bound)
        {
            Shell.Run($"echo '' > {GadgetPath}/UDC");
        }

        string f = FunctionPath;
        Shell.Run(
            $"cd {GadgetPath} 2>/dev/null || exit 0; rm -f configs/c.1/uvc.usb0; " +
            $"rm -f {f}/streaming/class/fs/h {f}/streaming/class/hs/h {f}/streaming/class/ss/h {f}/streaming/header/h/m {f}/streaming/header/h/u; " +
            $"rmdir {f}/streaming/header/h {string.Join(' ', FormatDirs.SelectMany(m => FrameDirs.Select(d => $"{f}/{m.Dir}/{d.Name}")))} {f}/streaming/mjpeg/m {f}/streaming/uncompressed/u; " +
            $"rm -f {f}/control/class/fs/h {f}/control/class/ss/h; rmdir {f}/control/header/h {f}; " +
            $"rmdir configs/c.1/strings/0x409 configs/c.1 strings/0x409; cd /; rmdir {GadgetPath}");
    }

    private static int ReadInt(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    private static void Write(string dir, string attribute, string value) => File.WriteAllText(Path.Combine(dir, attribute), value + "\n");

    private static string FreeUdc()
    {
        var bound = Directory.GetDirectories(Path.Combine(ConfigfsRoot, "usb_gadget"))
            .Select(g => Path.Combine(g, "UDC"))
            .Where(File.Exists)
            .Select(f => File.ReadAllText(f).Trim())
            .ToHashSet();
        return Directory.GetFileSystemEntries("/sys/class/udc").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .FirstOrDefault(u => u!.StartsWith("dummy_udc", StringComparison.Ordinal) && !bound.Contains(u))
            ?? throw new InvalidOperationException($"no free dummy_udc (bound: {string.Join(", ", bound)})");
    }

    private void Build()
    {
        string g = GadgetPath;
        Directory.CreateDirectory(g);
        Write(g, "idVendor", "0x1d6b");
        Write(g, "idProduct", "0x0104");
        Write(g, "bcdUSB", "0x0200");
        Directory.CreateDirectory(Path.Combine(g, "strings/0x409"));
        Write(g, "strings/0x409/manufacturer", "KvmPortal tests");
        Write(g, "strings/0x409/product", Product);
        Write(g, "strings/0x409/serialnumber", "UVCTEST1");
        Directory.CreateDirectory(Path.Combine(g, "configs/c.1/strings/0x409"));
        Write(g, "configs/c.1/strings/0x409/configuration", "UVC");
        Write(g, "configs/c.1/MaxPower", "500");

        string f = FunctionPath;
        Directory.CreateDirectory(f);
        Write(f, "streaming_maxpacket", MaxPayload.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(f, "control/header/h"));
        Link(f, "control/header/h", "control/class/fs/h");
        Link(f, "control/header/h", "control/class/ss/h");
        foreach (var (dir, mjpeg) in FormatDirs)
        {
            foreach (var (name, width, height) in FrameDirs)
            {
                string frame = Path.Combine(f, dir, name);
                Directory.CreateDirectory(frame);
                Write(frame, "wWidth", width.ToString(CultureInfo.InvariantCulture));
                Write(frame, "wHeight", height.ToString(CultureInfo.InvariantCulture));
                Write(frame, "dwMinBitRate", "10000000");
                Write(frame, "dwMaxBitRate", "240000000");
                Write(frame, "dwMaxVideoFrameBufferSize", (mjpeg ? MaxFrameBytes : width * height * 2).ToString(CultureInfo.InvariantCulture));
                Write(frame, "dwDefaultFrameInterval", FrameInterval.ToString(CultureInfo.InvariantCulture));
                Write(frame, "dwFrameInterval", FrameInterval.ToString(CultureInfo.InvariantCulture));
            }
        }

        Directory.CreateDirectory(Path.Combine(f, "streaming/header/h"));
        Link(f, "streaming/mjpeg/m", "streaming/header/h/m"); // linked first: format 1, as dongles list MJPEG first
        Link(f, "streaming/uncompressed/u", "streaming/header/h/u");
        Link(f, "streaming/header/h", "streaming/class/fs/h");
        Link(f, "streaming/header/h", "streaming/class/hs/h");
        Link(f, "streaming/header/h", "streaming/class/ss/h");
        File.CreateSymbolicLink(Path.Combine(g, "configs/c.1/uvc.usb0"), f);
    }

    private static void Link(string function, string target, string link) =>
        File.CreateSymbolicLink(Path.Combine(function, link), Path.Combine(function, target));
}
