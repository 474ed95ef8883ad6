namespace KvmPortal.Tests.Health;

/// <summary>A fake /sys and /proc in a temporary folder.</summary>
internal sealed class FakeHealthTree : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kvmportal-health-");

    public FakeHealthTree()
    {
        Sys = Path.Combine(_root.FullName, "sys");
        Proc = Path.Combine(_root.FullName, "proc");
        Data = Path.Combine(_root.FullName, "data");
        Directory.CreateDirectory(Sys);
        Directory.CreateDirectory(Proc);
        Directory.CreateDirectory(Data);
    }

    public string Root => _root.FullName;

    public string Sys { get; }

    public string Proc { get; }

    public string Data { get; }

    public static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void WriteRaspberryPi()
    {
        Write(Sys, "class/thermal/thermal_zone0/temp", "48312\n");
        Write(Sys, "devices/platform/soc/soc:firmware/get_throttled", "50005\n");
        Write(Proc, "stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\nintr 12345\n");
        Write(Proc, "meminfo", "MemTotal:        3884376 kB\nMemFree:          812345 kB\nMemAvailable:    2942188 kB\nBuffers:           12345 kB\n");
        Write(Proc, "uptime", "93784.52 350000.10\n");
    }

    public void Dispose() => _root.Delete(recursive: true);
}
