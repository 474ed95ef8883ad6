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
    private readonly ConfigfsGadget _gadget;

    private AcmGadget(ConfigfsGadget gadget) => _gadget = gadget;

    public string GadgetPath => _gadget.GadgetPath;

    /// <summary>Gets the gadget side's tty (the target's serial port).</summary>
    public string GadgetTty => "/dev/ttyGS" + File.ReadAllText(_gadget.Combine("functions/acm.usb0/port_num")).Trim();

    public static AcmGadget Create() => new(ConfigfsGadget.Create(
        "kvmportal-acm", "dummy_hcd libcomposite usb_f_acm cdc_acm", new GadgetIdentity(Product, "ACMTEST1", "ACM", 100),
        gadget =>
        {
            Directory.CreateDirectory(gadget.Combine("functions/acm.usb0"));
            gadget.LinkFunction("acm.usb0");
        },
        "rm -f configs/c.1/acm.usb0; rmdir functions/acm.usb0"));

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

    public void Bind() => _gadget.Bind();

    public void Unbind() => _gadget.Unbind();

    public void Dispose() => _gadget.Dispose();
}
