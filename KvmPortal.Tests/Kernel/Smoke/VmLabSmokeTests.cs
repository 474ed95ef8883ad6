using Xunit;

namespace KvmPortal.Tests.Kernel.Smoke;

/// <summary>
/// The VM lab itself: the guest has the gadget and capture modules loaded, a dummy UDC to bind gadgets to,
/// configfs mounted, and vivid behind /dev/video0.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VmLabSmokeTests
{
    private static readonly string[] RequiredModules = ["dummy_hcd", "libcomposite", "usb_f_hid", "usb_f_mass_storage", "vivid"];

    [KernelFact]
    public void Modules_GadgetAndCapture_AreLoaded()
    {
        KernelTest.RequireVmLab();

        var loaded = File.ReadAllLines("/proc/modules").Select(line => line.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.All(RequiredModules, module => Assert.Contains(module, loaded));
    }

    [KernelFact]
    public void DummyUdc_Exists_AndConfigfsOffersUsbGadget()
    {
        KernelTest.RequireVmLab();

        Assert.True(Directory.Exists("/sys/class/udc/dummy_udc.0"), "/sys/class/udc/dummy_udc.0 is missing");
        Assert.True(Directory.Exists("/sys/kernel/config/usb_gadget"), "configfs is not mounted at /sys/kernel/config");
    }

    [KernelFact]
    public void Video0_IsVividCapture()
    {
        KernelTest.RequireVmLab();

        Assert.True(File.Exists("/dev/video0"), "/dev/video0 is missing");
        var name = File.ReadAllText("/sys/class/video4linux/video0/name").Trim();
        Assert.StartsWith("vivid", name, StringComparison.Ordinal);
    }
}
