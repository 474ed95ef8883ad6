using System.Globalization;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// Resolves <see cref="VideoOptions.Device"/>: a path (/dev/video0, a udev by-id link) is used as is; any other text
/// names the device, matched against the V4L2 device names in sysfs (for uvcvideo: the USB product string), taking the
/// lowest-numbered node that can capture (a UVC dongle also has a metadata node with the same name). USB capture nodes
/// are renumbered when a dongle is re-plugged while the old node is still held open, so a name survives re-plugs.
/// </summary>
internal static class V4l2DeviceFinder
{
    /// <summary>Finds the node to open.</summary>
    /// <param name="device">The configured path or name.</param>
    /// <param name="sysfsRoot">/sys/class/video4linux (tests pass another folder).</param>
    /// <param name="canCapture">Probe for a candidate /dev path (QUERYCAP in production).</param>
    /// <returns>The /dev path, or null when no capture node has that name.</returns>
    public static string? Resolve(string device, string sysfsRoot, Func<string, bool> canCapture)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        if (device.StartsWith('/'))
        {
            return device;
        }

        if (!Directory.Exists(sysfsRoot))
        {
            return null;
        }

        var nodes = Directory.GetDirectories(sysfsRoot, "video*")
            .Select(dir => (Dir: dir, Number: int.TryParse(Path.GetFileName(dir).AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : int.MaxValue))
            .OrderBy(node => node.Number);
        foreach (var (dir, _) in nodes)
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(dir, "name")).Trim();
            }
            catch (IOException)
            {
                continue; // unplugged while we looked
            }

            string path = "/dev/" + Path.GetFileName(dir);
            if (name.Contains(device, StringComparison.OrdinalIgnoreCase) && canCapture(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Whether a node is a single-planar streaming capture device (QUERYCAP device caps).</summary>
    /// <returns>False when it cannot be opened or is not a capture node.</returns>
    public static bool IsCaptureNode(string path)
    {
        try
        {
            using V4l2Device device = V4l2Device.Open(path);
            uint caps = device.QueryCapabilities().Caps;
            return (caps & V4l2Native.V4L2_CAP_VIDEO_CAPTURE) != 0 && (caps & V4l2Native.V4L2_CAP_STREAMING) != 0;
        }
        catch (V4l2Exception)
        {
            return false;
        }
    }
}
