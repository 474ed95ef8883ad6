using KvmPortal.Hardware.Video;
using Xunit;

namespace KvmPortal.Tests.Video;

public sealed class V4l2DeviceFinderTests : IDisposable
{
    private readonly string _sysfs = Directory.CreateTempSubdirectory("kvmportal-v4l2sysfs").FullName;

    [Fact]
    public void Path_IsUsedAsIs_WithoutLookingAtSysfs()
    {
        Assert.Equal("/dev/video7", V4l2DeviceFinder.Resolve("/dev/video7", _sysfs, _ => throw new InvalidOperationException("no probe expected")));
    }

    [Fact]
    public void Name_PicksLowestNumberedCaptureNodeWhoseNameContainsIt()
    {
        Node(2, "vivid-000-vid-cap");
        Node(10, "USB Video: USB Video"); // numeric order: video5 before video10
        Node(5, "USB Video: USB Video");
        Node(6, "USB Video: USB Video");
        var probed = new List<string>();

        string? found = V4l2DeviceFinder.Resolve("usb video", _sysfs, path =>
        {
            probed.Add(path);
            return path != "/dev/video5"; // video5 is the metadata node
        });

        Assert.Equal("/dev/video6", found);
        Assert.Equal(["/dev/video5", "/dev/video6"], probed);
    }

    [Fact]
    public void Name_NothingMatching_ReturnsNull()
    {
        Node(0, "vivid-000-vid-cap");
        Assert.Null(V4l2DeviceFinder.Resolve("HDMI dongle", _sysfs, _ => true));
        Assert.Null(V4l2DeviceFinder.Resolve("HDMI dongle", Path.Combine(_sysfs, "missing"), _ => true));
    }

    public void Dispose() => Directory.Delete(_sysfs, recursive: true);

    private void Node(int number, string name)
    {
        string dir = Path.Combine(_sysfs, $"video{number}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "name"), name + "\n");
    }
}
