using System.Security.Cryptography;
using KvmPortal.Hardware.Msd;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Msd;

/// <summary>Disk full during an upload, on a real 2 MiB tmpfs (needs root, as in CI and the build machine).</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _dir.Path);
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Disk_full_during_an_upload_gives_a_clear_error_removes_the_partial_and_leaves_other_images_untouched()
    {
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=2m", "kvmportal-msd-test", _dir.Path);
        Assert.True(code == 0, $"this test mounts a 2 MiB tmpfs and needs root (CI runs as root): mount exited {code}: {output}");
        _mounted = true;

        using var library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 0 });
        var other = ImageLibraryUploadTests.Data(300_000, 30);
        await library.UploadAsync(new UploadRequest { Name = "other.img" }, new MemoryStream(other));
        var otherBefore = library.Get("other.img");

        // No announced length, so the free-space check cannot refuse up front: the write itself hits ENOSPC.
        var big = ImageLibraryUploadTests.Data(4 * 1024 * 1024, 31);
        var ex = await Assert.ThrowsAsync<MsdException>(() => library.UploadAsync(new UploadRequest { Name = "big.iso" }, new MemoryStream(big)));
        Assert.Equal(MsdErrorCode.DiskFull, ex.Code);
        Assert.Equal(507, ex.HttpStatusCode);
        Assert.Contains("disk is full", ex.Message, StringComparison.Ordinal);
        Assert.Contains("big.iso", ex.Message, StringComparison.Ordinal);

        Assert.Equal(["other.img"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
        Assert.False(File.Exists(Path.Combine(_dir.Path, ".big.iso.partial")));
        Assert.Empty(library.ListPartial());
        Assert.Equal(other, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "other.img")));
        Assert.Equal(otherBefore, library.Get("other.img"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(other)), library.Get("other.img").Sha256);

        // With the length announced, the same upload is refused before a byte is written.
        var refused = await Assert.ThrowsAsync<MsdException>(() =>
            library.UploadAsync(new UploadRequest { Name = "big.iso", BodyLength = big.Length }, new MemoryStream(big)));
        Assert.Equal(MsdErrorCode.InsufficientSpace, refused.Code);

        // And the space is really free again: an image that fits still uploads.
        var fits = ImageLibraryUploadTests.Data(1024 * 1024, 32);
        Assert.True((await library.UploadAsync(new UploadRequest { Name = "fits.img", BodyLength = fits.Length }, new MemoryStream(fits))).Complete);
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        try
        {
            var result = TestProcess.Run(file, arguments, TimeSpan.FromMinutes(1));
            return (result.ExitCode, (result.StandardOutput + result.StandardError).Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
