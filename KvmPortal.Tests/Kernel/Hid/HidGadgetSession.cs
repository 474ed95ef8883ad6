using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Hid;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Tests.Kernel.Hid;

/// <summary>
/// KvmPortal's gadget (keyboard, absolute mouse, relative mouse, mass storage) bound to dummy_udc.0 by our own builder, the
/// UsbGadget HID backend writing to it, and the three evdev devices the guest's host side (usbhid + evdev) made of it.
/// </summary>
internal sealed class HidGadgetSession : IDisposable
{
    public const string Product = "KvmPortal HID Kernel Test";
    private static readonly TimeSpan EnumerationTimeout = TimeSpan.FromSeconds(60);

    private HidGadgetSession(GadgetBuilder gadget, UsbGadgetHidOutput output, EvdevDevice keyboard, EvdevDevice absolute, EvdevDevice relative)
    {
        Gadget = gadget;
        Output = output;
        Keyboard = keyboard;
        Absolute = absolute;
        Relative = relative;
    }

    public GadgetBuilder Gadget { get; }

    public UsbGadgetHidOutput Output { get; }

    public EvdevDevice Keyboard { get; }

    public EvdevDevice Absolute { get; }

    public EvdevDevice Relative { get; }

    public static HidOptions HidOptions => new()
    {
        KeyboardDevice = "/dev/hidg0",
        AbsoluteMouseDevice = "/dev/hidg1",
        RelativeMouseDevice = "/dev/hidg2",
        SysfsRoot = "/sys",
        Udc = "dummy_udc.0",
        PasteKeyDelayMs = 20,
    };

    public static async Task<HidGadgetSession> StartAsync()
    {
        if (!Directory.Exists("/sys/kernel/config/usb_gadget"))
        {
            throw new InvalidOperationException("configfs usb_gadget is missing: the VM lab must load libcomposite and mount configfs.");
        }

        var gadget = new GadgetBuilder(new GadgetOptions
        {
            GadgetPath = "/sys/kernel/config/usb_gadget/kvmportal-hidtest",
            Udc = "dummy_udc.0",
            Product = Product,
            SerialNumber = "HIDTEST01",
        });
        gadget.Down();
        await WaitAsync(() => EvdevDevice.Find(Product).Count == 0, "old test devices to disappear");
        gadget.Up();
        await WaitAsync(() => File.Exists("/dev/hidg0") && File.Exists("/dev/hidg1") && File.Exists("/dev/hidg2"), "/dev/hidg0..2");
        await WaitAsync(() => EvdevDevice.Find(Product).Count >= 3, "three input devices named " + Product);
        await WaitAsync(() => GadgetBuilder.IsHostConnected(gadget.ReadUdcState("dummy_udc.0")), "UDC state 'configured'");

        // EV bits: keyboard has EV_LED (17), the absolute mouse EV_ABS (3), the relative mouse EV_REL (2) without EV_ABS.
        var devices = EvdevDevice.Find(Product);
        var keyboard = devices.Single(d => (d.EvBits & (1UL << 17)) != 0).Node;
        var absolute = devices.Single(d => (d.EvBits & (1UL << 3)) != 0).Node;
        var relative = devices.Single(d => (d.EvBits & (1UL << 3)) == 0 && (d.EvBits & (1UL << 2)) != 0).Node;
        var output = new UsbGadgetHidOutput(HidOptions, TimeProvider.System, NullLogger<UsbGadgetHidOutput>.Instance);
        return new HidGadgetSession(gadget, output, EvdevDevice.Open(keyboard), EvdevDevice.Open(absolute), EvdevDevice.Open(relative));
    }

    public static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + EnumerationTimeout;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"Timed out after {EnumerationTimeout.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Output.ReleaseAll();
        Output.Dispose();
        Keyboard.Dispose();
        Absolute.Dispose();
        Relative.Dispose();
        Gadget.Down();
    }
}
