namespace KvmPortal.Hardware.Gadget;

/// <summary>USB gadget settings (configuration section <c>KvmPortal:Gadget</c>), used by <c>KvmPortal gadget up|down</c>.</summary>
public sealed class GadgetOptions
{
    /// <summary>Gets or sets the gadget directory in configfs.</summary>
    public string GadgetPath { get; set; } = "/sys/kernel/config/usb_gadget/kvmportal";

    /// <summary>Gets or sets the sysfs root (for <c>class/udc</c>).</summary>
    public string SysfsRoot { get; set; } = "/sys";

    /// <summary>Gets or sets the UDC to bind (empty: the first entry of <c>/sys/class/udc</c>).</summary>
    public string Udc { get; set; } = "";

    /// <summary>Gets or sets idVendor (Linux Foundation).</summary>
    public int VendorId { get; set; } = 0x1d6b;

    /// <summary>Gets or sets idProduct (multifunction composite gadget).</summary>
    public int ProductId { get; set; } = 0x0104;

    /// <summary>Gets or sets bcdDevice; 0 = automatic: 0x0100 plus one bit per included function, so that a different function set
    /// re-enumerates on hosts that cache descriptors (Windows).</summary>
    public int BcdDevice { get; set; }

    /// <summary>Gets or sets the manufacturer string.</summary>
    public string Manufacturer { get; set; } = "KvmPortal";

    /// <summary>Gets or sets the product string (the kernel tests find the input devices by it).</summary>
    public string Product { get; set; } = "KvmPortal Composite Device";

    /// <summary>Gets or sets the serial number string.</summary>
    public string SerialNumber { get; set; } = "KVMPORTAL0001";

    /// <summary>Gets or sets MaxPower in mA.</summary>
    public int MaxPower { get; set; } = 250;

    /// <summary>Gets or sets a value indicating whether the boot keyboard (hid.usb0) is included.</summary>
    public bool Keyboard { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the absolute mouse (hid.usb1) is included.</summary>
    public bool AbsoluteMouse { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the relative boot mouse (hid.usb2) is included.</summary>
    public bool RelativeMouse { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the mass-storage function (mass_storage.usb0, lun.0) is included.</summary>
    public bool MassStorage { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the mice are created without an OUT endpoint (saves endpoints; kernel 5.19+).</summary>
    public bool MouseNoOutEndpoint { get; set; } = true;

    /// <summary>Gets or sets the IN endpoint budget of the UDC (Pi 4 dwc2: 7 besides ep0).</summary>
    public int MaxInEndpoints { get; set; } = 7;

    /// <summary>Gets or sets the OUT endpoint budget of the UDC.</summary>
    public int MaxOutEndpoints { get; set; } = 7;

    /// <summary>Gets or sets the SCSI inquiry vendor (8 characters used).</summary>
    public string InquiryVendor { get; set; } = "KVM";

    /// <summary>Gets or sets the SCSI inquiry product (16 characters used).</summary>
    public string InquiryProduct { get; set; } = "Virtual Media";

    /// <summary>Gets or sets the uid that gets ownership of lun.0's attributes and UDC (−1: leave root).</summary>
    public int OwnerUid { get; set; } = -1;

    /// <summary>Gets or sets the gid for <see cref="OwnerUid"/> (−1: unchanged).</summary>
    public int OwnerGid { get; set; } = -1;
}
