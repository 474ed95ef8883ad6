using KvmPortal.Tests.Kernel.Msd;

namespace KvmPortal.Tests.Kernel.Serial;

/// <summary>
/// A USB serial adapter made of the kernel's ACM gadget function (configfs <c>acm</c>, usb_f_acm) on a free dummy_udc: the target
/// server's end is the gadget's <c>/dev/ttyGSn</c>, KvmPortal's end is the host driver's <c>/dev/ttyACMn</c> (cdc_acm), on the same
/// kernel. Unplug/plug = unbind/bind the UDC; the host's tty node disappears and comes back.
/// </summary>
internal sealed class AcmGadget : IDisposable
{
    public const string Product = "KvmPortal serial adapter";
    private const string ConfigfsRoot = "/sys/kernel/config";
    private readonly string _udc;
    private bool _bound;

    private AcmGadget(string path, string udc)
    {
        GadgetPath = path;
        _udc = udc;
    }

    public string GadgetPath { get; }

    /// <summary>Gets the gadget side's tty (the target's serial port).</summary>
    public string GadgetTty => "/dev/ttyGS" + File.ReadAllText(Path.Combine(GadgetPath, "functions/acm.usb0/port_num")).Trim();

    public static AcmGadget Create()
    {
        Shell.Check("modprobe -a dummy_hcd libcomposite usb_f_acm cdc_acm");
        if (!Directory.Exists(Path.Combine(ConfigfsRoot, "usb_gadget")))
        {
            Shell.Check($"mount -t configfs none {ConfigfsRoot}");
        }

        var gadget = new AcmGadget(Path.Combine(ConfigfsRoot, "usb_gadget", "kvmportal-acm"), FreeUdc());
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

    /// <summary>The host side's tty of this gadget (<c>/dev/ttyACMn</c> whose USB device is ours), or null while unplugged.</summary>
    public static string? FindHostTty()
    {
        // /sys/bus/usb/devices/N-M (our product) / N-M:1.0 / tty / ttyACMn; no ".." (.NET would fold it before the kernel resolves the link).
        const string devices = "/sys/bus/usb/devices";
        if (!Directory.Exists(devices))
        {
            return null;
        }

        foreach (var device in Directory.GetFileSystemEntries(devices))
        {
            var product = Path.Combine(device, "product");
            if (!File.Exists(product) || File.ReadAllText(product).Trim() != Product)
            {
                continue;
            }

            foreach (var function in Directory.GetFileSystemEntries(device, Path.GetFileName(device) + ":*"))
            {
                var ttys = Path.Combine(function, "tty");
                if (Directory.Exists(ttys) && Directory.GetFileSystemEntries(ttys).Select(Path.GetFileName).FirstOrDefault() is { } tty && File.Exists("/dev/" + tty))
                {
                    return "/dev/" + tty;
                }
            }
        }

        return null;
    }

    public void Bind()
    {
        File.WriteAllText(Path.Combine(GadgetPath, "UDC"), _udc + "\n");
        _bound = true;
    }

    public void Unbind()
    {
        File.WriteAllText(Path.Combine(GadgetPath, "UDC"), "\n");
        _bound = false;
    }

    public void Dispose()
    {
        if (_bound)
        {
            Shell.Run($"echo '' > {GadgetPath}/UDC");
        }

        Shell.Run($"cd {GadgetPath} 2>/dev/null || exit 0; rm -f configs/c.1/acm.usb0; rmdir functions/acm.usb0 configs/c.1/strings/0x409 configs/c.1 strings/0x409; cd /; rmdir {GadgetPath}");
    }

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

    private static void Write(string dir, string attribute, string value) => File.WriteAllText(Path.Combine(dir, attribute), value + "\n");

    private void Build()
    {
        var g = GadgetPath;
        Directory.CreateDirectory(g);
        Write(g, "idVendor", "0x1d6b");
        Write(g, "idProduct", "0x0104");
        Write(g, "bcdUSB", "0x0200");
        Directory.CreateDirectory(Path.Combine(g, "strings/0x409"));
        Write(g, "strings/0x409/manufacturer", "KvmPortal tests");
        Write(g, "strings/0x409/product", Product);
        Write(g, "strings/0x409/serialnumber", "ACMTEST1");
        Directory.CreateDirectory(Path.Combine(g, "configs/c.1/strings/0x409"));
        Write(g, "configs/c.1/strings/0x409/configuration", "ACM");
        Write(g, "configs/c.1/MaxPower", "100");
        Directory.CreateDirectory(Path.Combine(g, "functions/acm.usb0"));
        File.CreateSymbolicLink(Path.Combine(g, "configs/c.1/acm.usb0"), Path.Combine(g, "functions/acm.usb0"));
    }
}
