namespace KvmPortal.Hardware.Msd;

/// <summary>Virtual-media options, bound from the configuration section <c>KvmPortal:Msd</c>.</summary>
public sealed class MsdOptions
{
    /// <summary>Gets or sets the drive implementation.</summary>
    public MsdBackend Backend { get; set; } = MsdBackend.Simulated;

    /// <summary>Gets or sets the image library folder; the web app sets it to <c>&lt;DataDirectory&gt;/images</c>.</summary>
    public string ImagesDirectory { get; set; } = "data/images";

    /// <summary>Gets or sets the configfs LUN folder the UsbGadget backend writes (created by the gadget builder).</summary>
    public string LunPath { get; set; } = "/sys/kernel/config/usb_gadget/kvmportal/functions/mass_storage.usb0/lun.0";

    /// <summary>Gets or sets the free space (bytes) uploads must leave on the disk (the database lives there too).</summary>
    public long ReservedFreeSpaceBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets the largest empty flash image that may be created, in bytes.</summary>
    public long MaxEmptyImageBytes { get; set; } = 256L * 1024 * 1024 * 1024;

    /// <summary>Gets or sets the timeout, in seconds, for a URL download's connection and response headers.</summary>
    public int DownloadConnectTimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets the SCSI INQUIRY vendor (at most 8 characters).</summary>
    public string InquiryVendor { get; set; } = "KVM";

    /// <summary>Gets or sets the SCSI INQUIRY product shown for CD-ROM mode (at most 16 characters).</summary>
    public string InquiryProductCdRom { get; set; } = "Virtual CD-ROM";

    /// <summary>Gets or sets the SCSI INQUIRY product shown for flash mode (at most 16 characters).</summary>
    public string InquiryProductFlash { get; set; } = "Virtual Flash";

    /// <summary>Gets or sets the SCSI INQUIRY revision (at most 4 characters).</summary>
    public string InquiryRevision { get; set; } = "1.00";

    /// <summary>Gets or sets the value written to the LUN's <c>nofua</c> (true ignores the host's Force Unit Access bit: faster, less safe).</summary>
    public bool NoFua { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the UsbGadget backend makes the host re-enumerate the gadget when the drive's type
    /// (CD-ROM or disk) or INQUIRY identification changes: a host reads both only when the device is plugged in. It unbinds and
    /// rebinds the gadget's UDC (a replug of the whole composite gadget: keyboard and mouse reconnect too, in about a second),
    /// so the gadget's UDC attribute must be writable by the service (the gadget step grants it).
    /// </summary>
    public bool ReconnectHostOnModeChange { get; set; } = true;

    /// <summary>Gets or sets the pause, in milliseconds, between unbinding and rebinding the UDC.</summary>
    public int HostReconnectDelayMilliseconds { get; set; } = 500;

    /// <summary>Gets or sets how often, in milliseconds, the UsbGadget backend checks whether the host has read the medium.</summary>
    public int HostReadPollMilliseconds { get; set; } = 1000;
}
