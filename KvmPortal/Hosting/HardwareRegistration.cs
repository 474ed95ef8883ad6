using KvmPortal.Configuration;
using KvmPortal.Data;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Health;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Serial;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Wol;

namespace KvmPortal.Hosting;

/// <summary>
/// Binds each hardware section (<c>KvmPortal:Hid</c>, <c>KvmPortal:Video</c>, …; known to the strict unknown-key check) and registers
/// the hardware layer's services.
/// </summary>
public static class HardwareRegistration
{
    public static IServiceCollection AddKvmHardware(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration.GetSection("KvmPortal");
        services.AddKnownOptions<HidOptions>(configuration, "KvmPortal:Hid");
        services.AddKnownOptions<GadgetOptions>(configuration, "KvmPortal:Gadget");
        services.AddKnownOptions<MsdOptions>(configuration, "KvmPortal:Msd");
        services.AddKnownOptions<VideoOptions>(configuration, "KvmPortal:Video");
        services.Configure<KvmPortal.Hardware.Video.H264.H264Options>(root.GetSection("Video:H264"));
        services.AddKnownOptions<AtxOptions>(configuration, "KvmPortal:Atx");
        services.AddKnownOptions<WolOptions>(configuration, "KvmPortal:Wol");
        services.AddKnownOptions<HealthOptions>(configuration, "KvmPortal:Health");
        services.AddKnownOptions<SimulationOptions>(configuration, "KvmPortal:Simulation");
        services.AddKnownOptions<QemuOptions>(configuration, "KvmPortal:Qemu");
        services.AddKnownOptions<SerialOptions>(configuration, "KvmPortal:Serial");

        // Paths that default to the data directory unless configured.
        services.AddOptions<MsdOptions>().PostConfigure<DataDirectory>((o, data) =>
        {
            if (string.IsNullOrEmpty(root["Msd:ImagesDirectory"]))
            {
                o.ImagesDirectory = Path.Combine(data.Path, "images");
            }
        });
        services.AddOptions<HealthOptions>().PostConfigure<DataDirectory>((o, data) =>
        {
            if (string.IsNullOrEmpty(o.DiskPath))
            {
                o.DiskPath = data.Path;
            }
        });

        services.AddOptions<SerialOptions>().PostConfigure<DataDirectory>((o, data) =>
        {
            if (string.IsNullOrEmpty(o.LogDirectory))
            {
                o.LogDirectory = Path.Combine(data.Path, "serial");
            }
        });

        services.AddOptions<QemuOptions>().PostConfigure<DataDirectory>((o, data) =>
        {
            if (string.IsNullOrEmpty(root["Qemu:QmpSocket"]))
            {
                o.QmpSocket = Path.Combine(data.Path, "qemu", "qmp.sock");
            }

            if (string.IsNullOrEmpty(root["Qemu:SerialSocket"]) && o.StartVm)
            {
                o.SerialSocket = Path.Combine(data.Path, "qemu", "serial.sock");
            }
        });

        services.AddKvmSimulation();
        services.AddKvmHid();
        services.AddKvmMsd();
        services.AddKvmVideo();
        services.AddKvmAtx();
        services.AddKvmWol();
        services.AddKvmHealth();
        services.AddKvmSerial();

        // Last: with KvmPortal:Qemu:Enabled it replaces video, HID, media and ATX with a QEMU VM driven over QMP.
        services.AddKvmQemu();
        return services;
    }
}
