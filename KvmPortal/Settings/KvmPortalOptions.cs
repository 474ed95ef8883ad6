using KvmPortal.Data;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Health;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Wol;
using KvmPortal.Security;

namespace KvmPortal.Settings;

/// <summary>The <c>KvmPortal</c> configuration section. Unknown keys inside it stop the start (see StrictConfigurationValidator).</summary>
public sealed class KvmPortalOptions
{
    public const string SectionName = "KvmPortal";

    /// <summary>Gets or sets where the database, images, certificates and generated secrets live. Empty: ./data in Development, /var/lib/kvmportal otherwise.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Gets or sets the path of the override file (read before environment variables and the command line).</summary>
    public string OverrideFile { get; set; } = ConfigurationLayering.DefaultOverrideFile;

    public SecurityOptions Security { get; set; } = new();

    public TlsOptions Tls { get; set; } = new();

    /// <summary>Gets or sets outbound fetch, origin, body-limit and password-policy settings (section <c>KvmPortal:Hardening</c>).</summary>
    public KvmPortal.Security.Hardening.HardeningOptions Hardening { get; set; } = new();

    public KvmPortal.Audit.AuditOptions Audit { get; set; } = new();

    public KvmPortal.Ipmi.IpmiOptions Ipmi { get; set; } = new();

    public KvmPortal.Vnc.VncOptions Vnc { get; set; } = new();

    // Hardware sections: bound separately (HardwareRegistration); listed here so unknown keys inside them are caught too.
    public HidOptions Hid { get; set; } = new();

    public GadgetOptions Gadget { get; set; } = new();

    public MsdOptions Msd { get; set; } = new();

    public VideoOptions Video { get; set; } = new();

    public AtxOptions Atx { get; set; } = new();

    public WolOptions Wol { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public SimulationOptions Simulation { get; set; } = new();

    public QemuOptions Qemu { get; set; } = new();
}
