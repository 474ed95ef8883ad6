using System.Text;

namespace KvmPortal.Pikvm;

/// <summary>
/// <c>/api/info</c>'s <c>system.platform</c> in kvmd's shape (<c>{type, base, serial, model, video, board}</c>): base and serial come
/// from the device tree as kvmd reads them; model/video/board describe KvmPortal ("kvmportal", "hdmi", "rpi4" on a Pi 4).
/// </summary>
public static class PikvmPlatform
{
    private static readonly Lazy<object> Cached = new(() => Read("/proc/device-tree"));

    public static object Get() => Cached.Value;

    /// <summary>Reads the platform from a device-tree root (a folder with <c>model</c> and <c>serial-number</c>).</summary>
    public static object Read(string deviceTreeRoot)
    {
        var model = ReadDt(Path.Combine(deviceTreeRoot, "model"));
        var serial = ReadDt(Path.Combine(deviceTreeRoot, "serial-number"))?.ToUpperInvariant();
        var rpi = model?.StartsWith("Raspberry Pi", StringComparison.Ordinal) == true;
        var board = !rpi ? "generic" : model!.StartsWith("Raspberry Pi 4", StringComparison.Ordinal) || model.StartsWith("Raspberry Pi Compute Module 4", StringComparison.Ordinal) ? "rpi4"
            : model.StartsWith("Raspberry Pi 5", StringComparison.Ordinal) ? "rpi5" : "rpi";
        return new { type = rpi ? "rpi" : "generic", @base = model, serial, model = "kvmportal", video = "hdmi", board };
    }

    private static string? ReadDt(string path)
    {
        try
        {
            return File.Exists(path) ? Encoding.ASCII.GetString(File.ReadAllBytes(path)).TrimEnd('\0', '\n', ' ') : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
