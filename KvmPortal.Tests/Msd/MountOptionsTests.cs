using KvmPortal.Hardware.Msd;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class MountOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_deepest_mount_holding_the_path_decides_and_escaped_spaces_are_understood()
    {
        var mountInfo = Path.Combine(_dir.Path, "mountinfo");
        File.WriteAllLines(mountInfo,
        [
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
            "40 27 0:50 / /var/lib/kvmportal rw,noatime - ext4 /dev/sda1 rw",
            "41 40 0:51 / /var/lib/kvmportal/images\\040fast rw,relatime shared:5 - tmpfs tmpfs rw",
            "42 27 0:52 / /srv rw,nosuid,noatime - xfs /dev/sdb1 rw",
        ]);

        Assert.False(MountOptions.IsNoAtime("/home/user/x.iso", mountInfo));
        Assert.True(MountOptions.IsNoAtime("/var/lib/kvmportal/images/x.iso", mountInfo));
        Assert.False(MountOptions.IsNoAtime("/var/lib/kvmportal/images fast/x.iso", mountInfo));
        Assert.True(MountOptions.IsNoAtime("/srv/x.iso", mountInfo));
        Assert.False(MountOptions.IsNoAtime("/srvx/x.iso", mountInfo));
    }
}
