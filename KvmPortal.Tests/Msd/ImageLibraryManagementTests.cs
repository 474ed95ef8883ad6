using System.Security.Cryptography;
using KvmPortal.Hardware.Msd;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class ImageLibraryManagementTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ImageLibrary _library;

    public ImageLibraryManagementTests() => _library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 0 });

    public void Dispose()
    {
        _library.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Delete_removes_the_image_and_its_hash_but_is_refused_while_attached()
    {
        await _library.UploadAsync(new UploadRequest { Name = "d.img" }, new MemoryStream(new byte[1000]));
        var attachment = _library.AcquireAttachment("d.img");
        var ex = Assert.Throws<MsdException>(() => _library.Delete("d.img"));
        Assert.Equal(MsdErrorCode.ImageInUse, ex.Code);
        Assert.Equal(409, ex.HttpStatusCode);
        Assert.True(_library.Exists("d.img"));

        attachment.Dispose();
        _library.Delete("d.img");
        Assert.Empty(Directory.GetFiles(_dir.Path));
        Assert.Equal(MsdErrorCode.NotFound, Assert.Throws<MsdException>(() => _library.Delete("d.img")).Code);
        Assert.Equal(MsdErrorCode.InvalidName, Assert.Throws<MsdException>(() => _library.Delete("../d.img")).Code);
    }

    [Fact]
    public async Task OpenRead_streams_the_image_back()
    {
        var data = ImageLibraryUploadTests.Data(300_000, 20);
        await _library.UploadAsync(new UploadRequest { Name = "back.img" }, new MemoryStream(data));
        await using var stream = _library.OpenRead("back.img");
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.Equal(MsdErrorCode.NotFound, Assert.Throws<MsdException>(() => _library.OpenRead("none.img")).Code);
    }

    [Fact]
    public void CreateEmpty_makes_a_sparse_zero_image_of_the_asked_size_and_validates_the_size()
    {
        var info = _library.CreateEmpty("flash.img", 64L * 1024 * 1024);
        Assert.Equal(64L * 1024 * 1024, info.Size);
        Assert.False(info.IsOpticalDisc);
        using (var stream = _library.OpenRead("flash.img"))
        {
            var head = new byte[4096];
            stream.ReadExactly(head);
            Assert.All(head, b => Assert.Equal(0, b));
        }

        foreach (var bad in new[] { 0L, 1000L, (1024 * 1024) + 1, 1L << 50 })
        {
            Assert.Equal(MsdErrorCode.InvalidRequest, Assert.Throws<MsdException>(() => _library.CreateEmpty("bad.img", bad)).Code);
        }

        Assert.Equal(MsdErrorCode.AlreadyExists, Assert.Throws<MsdException>(() => _library.CreateEmpty("flash.img", 1024 * 1024)).Code);
    }

    [Fact]
    public async Task A_hash_counts_only_while_the_file_is_unchanged_and_can_be_recomputed()
    {
        var data = ImageLibraryUploadTests.Data(4096, 21);
        await _library.UploadAsync(new UploadRequest { Name = "rw.img" }, new MemoryStream(data));
        Assert.NotNull(_library.Get("rw.img").Sha256);

        // The host writes to the (flash) image: the stored hash no longer describes it.
        var path = Path.Combine(_dir.Path, "rw.img");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Seek(100, SeekOrigin.Begin);
            file.WriteByte(0xAB);
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Null(_library.Get("rw.img").Sha256);

        var sha = await _library.ComputeSha256Async("rw.img");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), sha);
        Assert.Equal(sha, _library.Get("rw.img").Sha256);
    }

    [Fact]
    public async Task Images_are_recognised_as_optical_discs_by_content_not_by_suffix()
    {
        var iso = new byte[OpticalDisc.MinimumCdRomBytes];
        "CD001"u8.CopyTo(iso.AsSpan(32769));
        await _library.UploadAsync(new UploadRequest { Name = "named-like-a-disk.img" }, new MemoryStream(iso));
        await _library.UploadAsync(new UploadRequest { Name = "not-really.iso" }, new MemoryStream(new byte[OpticalDisc.MinimumCdRomBytes]));
        var udf = new byte[40_000];
        "BEA01"u8.CopyTo(udf.AsSpan(32769));
        await _library.UploadAsync(new UploadRequest { Name = "udf.bin" }, new MemoryStream(udf));

        var flags = _library.List().ToDictionary(i => i.Name, i => i.IsOpticalDisc);
        Assert.True(flags["named-like-a-disk.img"]);
        Assert.False(flags["not-really.iso"]);
        Assert.True(flags["udf.bin"]);
    }
}
