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

/// <summary>Binds each hardware section (<c>KvmPortal:Hid</c>, <c>KvmPortal:Video</c>, …) and registers the hardware layer's services.</summary>
public static class HardwareRegistration
{
    public static IServiceCollection AddKvmHardware(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration.GetSection("KvmPortal");
        services.Configure<HidOptions>(root.GetSection("Hid"));
        services.Configure<GadgetOptions>(root.GetSection("Gadget"));
        services.Configure<MsdOptions>(root.GetSection("Msd"));
        services.Configure<VideoOptions>(root.GetSection("Video"));
        services.Configure<KvmPortal.Hardware.Video.H264.H264Options>(root.GetSection("Video:H264"));
        services.Configure<AtxOptions>(root.GetSection("Atx"));
        services.Configure<WolOptions>(root.GetSection("Wol"));
        services.Configure<HealthOptions>(root.GetSection("Health"));
        services.Configure<SimulationOptions>(root.GetSection("Simulation"));
        services.Configure<QemuOptions>(root.GetSection("Qemu"));
        services.Configure<SerialOptions>(root.GetSection("Serial"));

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
