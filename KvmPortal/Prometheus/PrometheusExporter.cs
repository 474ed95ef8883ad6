using System.Globalization;
using System.Text;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Health;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Prometheus;

/// <summary>
/// Prometheus text exposition (format 0.0.4) of power, HID, virtual media, stream and health gauges. PiKVM's names are kept where
/// PiKVM has the gauge (<c>pikvm_atx_*</c>, <c>pikvm_hw_*</c>); KvmPortal's own start with <c>kvmportal_</c>.
/// </summary>
public sealed class PrometheusExporter(
    IAtxPower atx, IHidOutput hid, IMassStorage msd, ImageLibrary library, VideoStreamer streamer, IHealthMonitor health,
    IEnumerable<IPrometheusSource> sources)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Render()
    {
        var text = new StringBuilder();
        var a = atx.State;
        Gauge(text, "pikvm_atx_enabled", "ATX control is configured (1) or disabled (0).", a.Enabled);
        Gauge(text, "pikvm_atx_power", "The target's power LED: on (1) or off (0).", a.PowerLed);
        Gauge(text, "kvmportal_atx_hdd", "The target's HDD LED.", a.HddLed);
        Gauge(text, "kvmportal_atx_busy", "An ATX click is in progress.", a.Busy);

        var h = hid.State;
        Gauge(text, "kvmportal_hid_online", "The keyboard/mouse backend is open and answering.", h.Online);
        Gauge(text, "kvmportal_hid_host_connected", "The target host accepts HID reports.", h.HostConnected);
        Gauge(text, "kvmportal_hid_caps_lock", "The target's Caps Lock LED.", h.CapsLock);
        Gauge(text, "kvmportal_hid_num_lock", "The target's Num Lock LED.", h.NumLock);

        var m = msd.State;
        var images = library.List();
        Gauge(text, "kvmportal_msd_enabled", "Virtual media is enabled.", m.Enabled);
        Gauge(text, "kvmportal_msd_connected", "The virtual drive presents a medium to the host.", m.Connected);
        Gauge(text, "kvmportal_msd_busy", "A virtual-drive operation is running.", m.Busy);
        Gauge(text, "kvmportal_msd_images", "Images in the library.", images.Count);
        Gauge(text, "kvmportal_msd_images_bytes", "Total size of the images in the library.", images.Sum(i => i.Size));
        Gauge(text, "kvmportal_msd_transfers", "Running uploads and downloads.", library.ActiveTransfers.Count);

        var v = streamer.GetState();
        Gauge(text, "kvmportal_stream_online", "The video source delivers real pictures.", v.Online);
        Gauge(text, "kvmportal_stream_width", "Width of the last captured frame.", v.Width);
        Gauge(text, "kvmportal_stream_height", "Height of the last captured frame.", v.Height);
        Gauge(text, "kvmportal_stream_captured_fps", "Frames captured during the last second.", v.CapturedFps);
        Gauge(text, "kvmportal_stream_encoded_fps", "Frames encoded during the last second.", v.EncodedFps);
        Gauge(text, "kvmportal_stream_clients", "Stream viewers.", v.Viewers.Count);
        Gauge(text, "kvmportal_stream_jpeg_quality", "JPEG quality.", v.JpegQuality);

        if (health.Latest is { } s)
        {
            Gauge(text, "pikvm_hw_temp_cpu", "CPU temperature in degrees Celsius.", s.CpuTemperatureC);
            Gauge(text, "pikvm_hw_cpu_percent", "CPU use in percent.", s.CpuUsagePercent);
            Gauge(text, "pikvm_hw_mem_percent", "Memory use in percent.", s.MemoryUsedPercent);
            Gauge(text, "pikvm_hw_mem_total_bytes", "Total memory in bytes.", s.MemoryTotalBytes);
            Gauge(text, "pikvm_hw_mem_available_bytes", "Available memory in bytes.", s.MemoryAvailableBytes);
            Gauge(text, "kvmportal_disk_total_bytes", "Size of the data directory's file system.", s.DiskTotalBytes);
            Gauge(text, "kvmportal_disk_available_bytes", "Space available on the data directory's file system.", s.DiskAvailableBytes);
            Gauge(text, "kvmportal_uptime_seconds", "Seconds since the device booted.", s.Uptime?.TotalSeconds);
            if (s.Throttling is { } t)
            {
                Gauge(text, "pikvm_hw_throttling_undervoltage_now", "Raspberry Pi undervoltage now.", t.UndervoltageNow);
                Gauge(text, "pikvm_hw_throttling_undervoltage_past", "Raspberry Pi undervoltage since boot.", t.UndervoltageOccurred);
                Gauge(text, "pikvm_hw_throttling_throttled_now", "Raspberry Pi throttled now.", t.ThrottledNow);
                Gauge(text, "pikvm_hw_throttling_throttled_past", "Raspberry Pi throttled since boot.", t.ThrottledOccurred);
            }
        }

        foreach (var source in sources)
        {
            source.Render(text);
        }

        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, bool value) => Gauge(text, name, help, value ? 1 : 0);

    private static void Gauge(StringBuilder text, string name, string help, double? value)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return;
        }

        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" gauge\n");
        text.Append(name).Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
