namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Finds a V4L2 encoder node by the name the driver gave it (/sys/class/video4linux/videoN/name).</summary>
public static class V4l2EncoderFinder
{
    /// <summary>vicodec's stateful FWHT encoder (VM lab).</summary>
    public const string VicodecEncoder = "stateful-encoder";

    /// <summary>The Raspberry Pi's H.264 encoder (bcm2835-codec, normally /dev/video11).</summary>
    public const string RaspberryPiEncoder = "bcm2835-codec-encode";

    /// <summary>Finds the first node (lowest number) whose sysfs name equals <paramref name="name"/>.</summary>
    /// <param name="name">The exact node name.</param>
    /// <param name="sysfsClass">The video4linux class folder.</param>
    /// <param name="deviceFolder">Where the device nodes are.</param>
    /// <returns>The device path (e.g. /dev/video11), or null when no such node exists.</returns>
    public static string? Find(string name, string sysfsClass = "/sys/class/video4linux", string deviceFolder = "/dev")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Directory.Exists(sysfsClass))
        {
            return null;
        }

        var nodes = Directory.GetDirectories(sysfsClass, "video*")
            .Select(dir => (Dir: dir, Number: int.TryParse(Path.GetFileName(dir.AsSpan())["video".Length..], out int n) ? n : int.MaxValue))
            .OrderBy(node => node.Number);
        foreach (var (dir, _) in nodes)
        {
            string nameFile = Path.Combine(dir, "name");
            if (File.Exists(nameFile) && File.ReadAllText(nameFile).Trim() == name)
            {
                return Path.Combine(deviceFolder, Path.GetFileName(dir));
            }
        }

        return null;
    }
}
