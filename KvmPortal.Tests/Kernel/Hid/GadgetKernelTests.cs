using KvmPortal.Hardware.Gadget;
using Xunit;

namespace KvmPortal.Tests.Kernel.Hid;

/// <summary>The gadget builder against real configfs and dummy_udc.0 (VM lab).</summary>
[Trait("Category", "Kernel")]
public sealed class GadgetKernelTests
{
    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task Builder_UpIsIdempotent_KernelAcceptsEveryAttribute_DownRemovesAll()
    {
        KernelTest.RequireVmLab();

        var options = new GadgetOptions
        {
            GadgetPath = "/sys/kernel/config/usb_gadget/kvmportal-buildertest",
            Udc = "dummy_udc.0",
            Product = "KvmPortal Builder Kernel Test",
        };
        var builder = new GadgetBuilder(options);
        builder.Down();
        try
        {
            Assert.True(builder.Up());
            Assert.False(builder.Up());
            string Read(string relative) => File.ReadAllText(Path.Combine(options.GadgetPath, relative)).Trim();
            Assert.Equal("0x0115", Read("bcdDevice"));
            Assert.Equal("0x1d6b", Read("idVendor"));
            Assert.Equal("dummy_udc.0", Read("UDC"));
            Assert.Equal("1", Read("functions/hid.usb0/protocol"));
            Assert.Equal("1", Read("functions/mass_storage.usb0/lun.0/removable"));
            // configfs reports a page-sized file, so read to the end instead of File.ReadAllBytes (which trusts the size).
            using (var stream = File.OpenRead(Path.Combine(options.GadgetPath, "functions/hid.usb0/report_desc")))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                Assert.Equal(KvmPortal.Hardware.Hid.HidDescriptors.Keyboard.ToArray(), copy.ToArray());
            }

            await HidGadgetSession.WaitAsync(() => GadgetBuilder.IsHostConnected(builder.ReadUdcState()), "UDC state 'configured'");

            // Let the host side finish probing (usbhid fetches descriptors after 'configured'): unbinding in the middle of that
            // hung the guest kernel's UDC write in an earlier run of this test.
            await HidGadgetSession.WaitAsync(() => EvdevDevice.Find(options.Product).Count >= 3, "the host's three input devices");

            builder.Unbind();
            Assert.Null(builder.BoundUdc);
            await HidGadgetSession.WaitAsync(() => !GadgetBuilder.IsHostConnected(builder.ReadUdcState()), "UDC state after unbind");
            Assert.True(builder.Up()); // rebinds the existing tree
            Assert.Equal("dummy_udc.0", builder.BoundUdc);
        }
        finally
        {
            Assert.True(builder.Down());
        }

        Assert.False(Directory.Exists(options.GadgetPath));
        Assert.False(builder.Down());
    }
}
