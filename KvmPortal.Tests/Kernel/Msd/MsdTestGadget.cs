namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>
/// A minimal configfs gadget with only mass_storage.usb0, bound to a free dummy_udc, for the virtual-media kernel tests.
/// (The product's gadget builder belongs to the HID area; these tests only need a LUN for the UsbGadget backend to drive.)
/// Also loads the host-side drivers so the guest kernel's USB host sees the drive as /dev/srN or /dev/sdX.
/// </summary>
internal sealed class MsdTestGadget : IDisposable
{
    private const string ConfigfsRoot = "/sys/kernel/config";

    private MsdTestGadget(string path) => GadgetPath = path;

    public string GadgetPath { get; }

    public string LunPath => Path.Combine(GadgetPath, "functions/mass_storage.usb0/lun.0");

    public static MsdTestGadget Create(string name)
    {
        foreach (var module in new[] { "dummy_hcd", "libcomposite", "usb_f_mass_storage", "usb-storage", "sr_mod", "sd_mod", "isofs", "ext4" })
        {
            Shell.Check($"modprobe {module}");
        }

        if (!Directory.Exists(Path.Combine(ConfigfsRoot, "usb_gadget")))
        {
            Shell.Check($"mount -t configfs none {ConfigfsRoot}");
        }

        var udc = FreeUdc();
        var g = Path.Combine(ConfigfsRoot, "usb_gadget", name);
        var gadget = new MsdTestGadget(g);
        try
        {
            Directory.CreateDirectory(g);
            Write(g, "idVendor", "0x1d6b");
            Write(g, "idProduct", "0x0104");
            Write(g, "bcdUSB", "0x0200");
            Directory.CreateDirectory(Path.Combine(g, "strings/0x409"));
            Write(g, "strings/0x409/manufacturer", "KvmPortal tests");
            Write(g, "strings/0x409/product", "Virtual media test");
            Write(g, "strings/0x409/serialnumber", "MSDTEST1");
            Directory.CreateDirectory(Path.Combine(g, "configs/c.1"));
            Write(g, "configs/c.1/MaxPower", "250");
            Directory.CreateDirectory(Path.Combine(g, "functions/mass_storage.usb0"));
            Write(g, "functions/mass_storage.usb0/stall", "0");
            Write(g, "functions/mass_storage.usb0/lun.0/removable", "1");
            File.CreateSymbolicLink(Path.Combine(g, "configs/c.1/mass_storage.usb0"), Path.Combine(g, "functions/mass_storage.usb0"));
            Write(g, "UDC", udc);
        }
        catch
        {
            gadget.Dispose();
            throw;
        }

        return gadget;
    }

    /// <summary>Finds the host-side block device whose SCSI vendor is <paramref name="vendor"/>, with the given prefix (sr or sd).</summary>
    public static string? FindBlockDevice(string prefix, string vendor)
    {
        foreach (var dir in Directory.GetDirectories("/sys/block", prefix + "*"))
        {
            var vendorFile = Path.Combine(dir, "device/vendor");
            if (File.Exists(vendorFile) && File.ReadAllText(vendorFile).Trim() == vendor)
            {
                return "/dev/" + Path.GetFileName(dir);
            }
        }

        return null;
    }

    public void Dispose()
    {
        // Unbind, unlink, remove in reverse order; ignore what was never created.
        Shell.Run($"cd {GadgetPath} 2>/dev/null && {{ echo '' > UDC; rm -f configs/c.1/mass_storage.usb0; rmdir configs/c.1 functions/mass_storage.usb0 strings/0x409; cd /; rmdir {GadgetPath}; }}");
    }

    private static void Write(string gadget, string attribute, string value) => File.WriteAllText(Path.Combine(gadget, attribute), value + "\n");

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
}
