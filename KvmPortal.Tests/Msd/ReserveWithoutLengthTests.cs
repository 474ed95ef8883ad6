using KvmPortal.Hardware.Msd;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Msd;

/// <summary>An upload that announces no length still keeps the free-space reserve (issue #18), on a real 8 MiB tmpfs (needs root).</summary>
public sealed class ReserveWithoutLengthTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            TestProcess.Run("umount", [_dir.Path], TimeSpan.FromMinutes(1));
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task UploadWithoutContentLength_StopsAtTheReserve_AndRemovesThePartial()
    {
        var mount = TestProcess.Run("mount", ["-t", "tmpfs", "-o", "size=8m", "kvmportal-reserve-test", _dir.Path], TimeSpan.FromMinutes(1));
        Assert.True(mount.ExitCode == 0, $"this test mounts an 8 MiB tmpfs and needs root (CI runs as root): {mount.StandardError}");
        _mounted = true;

        using var library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 4 * 1024 * 1024 });
        var big = ImageLibraryUploadTests.Data(6 * 1024 * 1024, 41);
        var refused = await Assert.ThrowsAsync<MsdException>(() => library.UploadAsync(new UploadRequest { Name = "big.iso" }, new MemoryStream(big)));
        Assert.Equal(MsdErrorCode.InsufficientSpace, refused.Code);
        Assert.False(File.Exists(Path.Combine(_dir.Path, ".big.iso.partial")));
        Assert.Empty(library.ListPartial());
        Assert.True(new DriveInfo(_dir.Path).AvailableFreeSpace >= 4 * 1024 * 1024, "the reserve was eaten");

        // Below the reserve, an upload without a length goes through.
        var small = ImageLibraryUploadTests.Data(2 * 1024 * 1024, 42);
        Assert.True((await library.UploadAsync(new UploadRequest { Name = "small.img" }, new MemoryStream(small))).Complete);
    }
}
