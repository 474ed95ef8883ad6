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

    private const string Function = "functions/uvc.usb0";
    private static readonly (string Name, int Width, int Height)[] FrameDirs = [("720p", 1280, 720), ("1080p", 1920, 1080)];
    private static readonly (string Dir, bool Mjpeg)[] FormatDirs = [("streaming/mjpeg/m", true), ("streaming/uncompressed/u", false)];

    private readonly ConfigfsGadget _gadget;

    private UvcDongleGadget(ConfigfsGadget gadget) => _gadget = gadget;

    public string GadgetPath => _gadget.GadgetPath;

    private string FunctionPath => _gadget.Combine(Function);

    /// <summary>Loads the modules, builds the configfs tree and binds it to a free dummy_udc (plugs the dongle in).</summary>
    public static UvcDongleGadget Create() => new(ConfigfsGadget.Create(
        "kvmportal-uvc", "dummy_hcd libcomposite usb_f_uvc uvcvideo", new GadgetIdentity(Product, "UVCTEST1", "UVC", 500), AddFunction, RemoveFunction()));

    /// <summary>Plugs the dongle in (binds the gadget to its UDC; the feeder then connects it).</summary>
    public void Bind() => _gadget.Bind();

    /// <summary>Unplugs the dongle (unbinds the UDC). Blocks until the feeder has closed the gadget's video node.</summary>
    public void Unbind() => _gadget.Unbind();

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

    public void Dispose() => _gadget.Dispose();

    private static int ReadInt(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Shell commands (in the gadget's folder) that unlink and remove what <see cref="AddFunction"/> made.</summary>
    private static string RemoveFunction()
    {
        const string f = Function;
        return "rm -f configs/c.1/uvc.usb0; " +
            $"rm -f {f}/streaming/class/fs/h {f}/streaming/class/hs/h {f}/streaming/class/ss/h {f}/streaming/header/h/m {f}/streaming/header/h/u; " +
            $"rmdir {f}/streaming/header/h {string.Join(' ', FormatDirs.SelectMany(m => FrameDirs.Select(d => $"{f}/{m.Dir}/{d.Name}")))} {f}/streaming/mjpeg/m {f}/streaming/uncompressed/u; " +
            $"rm -f {f}/control/class/fs/h {f}/control/class/ss/h; rmdir {f}/control/header/h {f}";
    }

    private static void AddFunction(ConfigfsGadget gadget)
    {
        string f = gadget.Combine(Function);
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
        gadget.LinkFunction("uvc.usb0");
    }

    private static void Write(string dir, string attribute, string value) => File.WriteAllText(Path.Combine(dir, attribute), value + "\n");

    private static void Link(string function, string target, string link) =>
        File.CreateSymbolicLink(Path.Combine(function, link), Path.Combine(function, target));
}
