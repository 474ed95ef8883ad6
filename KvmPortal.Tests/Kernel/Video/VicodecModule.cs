using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Tests.Kernel.Msd;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// Test-side handle on vicodec in the VM lab: loads it (single-planar by default, or with <c>multiplanar=1</c>, the API the
/// Pi's encoder uses) and finds its stateful encoder node by the sysfs name "stateful-encoder". Disposing puts the
/// module back in its default mode.
/// </summary>
internal sealed class VicodecModule : IDisposable
{
    private readonly bool _reloaded;

    private VicodecModule(string path, bool reloaded)
    {
        EncoderPath = path;
        _reloaded = reloaded;
    }

    public string EncoderPath { get; }

    public static VicodecModule Load(bool multiplanar)
    {
        bool loaded = File.Exists("/sys/module/vicodec/parameters/multiplanar");
        bool current = loaded && File.ReadAllText("/sys/module/vicodec/parameters/multiplanar").Trim() == "Y";
        bool reload = !loaded || current != multiplanar;
        if (reload)
        {
            if (loaded)
            {
                Shell.Check("modprobe -r vicodec");
            }

            Shell.Check("modprobe vicodec" + (multiplanar ? " multiplanar=1" : string.Empty));
        }

        string path = V4l2EncoderFinder.Find(V4l2EncoderFinder.VicodecEncoder)
            ?? throw new InvalidOperationException("vicodec is loaded but no node is named 'stateful-encoder': "
                + Shell.Run("grep -H . /sys/class/video4linux/*/name; dmesg | grep -i vicodec | tail -5").Output);
        return new VicodecModule(path, reload && multiplanar);
    }

    public void Dispose()
    {
        if (_reloaded)
        {
            _ = Shell.Run("modprobe -r vicodec && modprobe vicodec");
        }
    }
}
