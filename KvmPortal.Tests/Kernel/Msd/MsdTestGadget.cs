namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>
/// A minimal configfs gadget with only mass_storage.usb0, bound to a free dummy_udc, for the virtual-media kernel tests.
/// (The product's gadget builder belongs to the HID area; these tests only need a LUN for the UsbGadget backend to drive.)
/// Also loads the host-side drivers so the guest kernel's USB host sees the drive as /dev/srN or /dev/sdX.
/// </summary>
internal sealed class MsdTestGadget : IDisposable
{
    private readonly ConfigfsGadget _gadget;

    private MsdTestGadget(ConfigfsGadget gadget) => _gadget = gadget;

    public string GadgetPath => _gadget.GadgetPath;

    public string LunPath => _gadget.Combine("functions/mass_storage.usb0/lun.0");

    public static MsdTestGadget Create(string name) => new(ConfigfsGadget.Create(
        name, "dummy_hcd libcomposite usb_f_mass_storage usb-storage sr_mod sd_mod isofs ext4", new GadgetIdentity("Virtual media test", "MSDTEST1", "MSD", 250),
        gadget =>
        {
            Directory.CreateDirectory(gadget.Combine("functions/mass_storage.usb0"));
            gadget.Write("functions/mass_storage.usb0/stall", "0");
            gadget.Write("functions/mass_storage.usb0/lun.0/removable", "1");
            gadget.LinkFunction("mass_storage.usb0");
        },
        "rm -f configs/c.1/mass_storage.usb0; rmdir functions/mass_storage.usb0"));

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

    public void Dispose() => _gadget.Dispose();
}
