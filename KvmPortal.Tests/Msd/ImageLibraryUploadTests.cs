using System.Security.Cryptography;
using KvmPortal.Hardware.Msd;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class ImageLibraryUploadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ImageLibrary _library;

    public ImageLibraryUploadTests() => _library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 0 });

    public void Dispose()
    {
        _library.Dispose();
        _dir.Dispose();
    }

    internal static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Upload_stores_the_bytes_and_the_sha256_and_lists_only_complete_images()
    {
        var data = Data((3 * ImageLibrary.BufferSize) + 12345, 1);
        var reports = new List<TransferProgress>();
        var progress = new SynchronousProgress<TransferProgress>(reports.Add);

        var result = await _library.UploadAsync(new UploadRequest { Name = "disk.img", BodyLength = data.Length }, new MemoryStream(data), progress);

        Assert.True(result.Complete);
        Assert.Equal(data.Length, result.Length);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "disk.img")));
        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(data));
        Assert.Equal(expectedSha, result.Image!.Sha256);
        var listed = Assert.Single(_library.List());
        Assert.Equal(("disk.img", (long)data.Length, expectedSha, false), (listed.Name, listed.Size, listed.Sha256, listed.IsOpticalDisc));
        Assert.Empty(_library.ListPartial());
        Assert.Empty(_library.ActiveTransfers);

        // One report per chunk read, monotonically growing, ending at the full length.
        Assert.True(reports.Count >= 4);
        Assert.Equal(data.Length, reports[^1].Written);
        Assert.Equal(reports.Select(r => r.Written).Order(), reports.Select(r => r.Written));
        Assert.All(reports, r => Assert.Equal(data.Length, r.Total));
    }

    [Fact]
    public async Task Upload_without_any_length_completes_at_the_end_of_the_body()
    {
        var data = Data(5000, 2);
        var result = await _library.UploadAsync(new UploadRequest { Name = "x.img" }, new MemoryStream(data));
        Assert.True(result.Complete);
        Assert.Equal(5000, _library.Get("x.img").Size);
    }

    [Fact]
    public async Task Partial_and_hash_companions_are_hidden_from_the_list()
    {
        var stream = new GatedStream();
        var upload = _library.UploadAsync(new UploadRequest { Name = "big.iso", TotalLength = 10_000 }, stream);
        stream.Feed(Data(4000, 3));
        await WaitForAsync(() => _library.ActiveTransfers.SingleOrDefault()?.Written == 4000);

        Assert.Empty(_library.List());
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".big.iso.partial")));
        var partial = Assert.Single(_library.ListPartial());
        Assert.Equal(("big.iso", 4000L, true), (partial.Name, partial.Length, partial.Active));

        stream.Feed(Data(6000, 4));
        stream.Complete();
        Assert.True((await upload).Complete);
        Assert.Equal(["big.iso"], _library.List().Select(i => i.Name));
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".big.iso.sha256")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, ".big.iso.partial")));
    }

    [Fact]
    public async Task Interrupted_upload_keeps_its_partial_file_and_resumes_at_the_right_offset_with_a_whole_file_sha256()
    {
        var data = Data((2 * ImageLibrary.BufferSize) + 777, 5);
        var first = data.AsSpan(0, ImageLibrary.BufferSize + 100).ToArray();

        // The body ends early (the announced total is larger): the partial file stays for a resume.
        var paused = await _library.UploadAsync(new UploadRequest { Name = "os.img", TotalLength = data.Length }, new MemoryStream(first));
        Assert.False(paused.Complete);
        Assert.Equal(first.Length, paused.Length);
        Assert.Empty(_library.List());
        Assert.Equal(first.Length, Assert.Single(_library.ListPartial()).Length);

        // A connection that breaks mid-body is reported with the offset to resume at.
        var broken = new GatedStream();
        var breaking = _library.UploadAsync(new UploadRequest { Name = "os.img", Offset = first.Length, TotalLength = data.Length }, broken);
        broken.Feed(data.AsSpan(first.Length, 1000).ToArray());
        broken.Fail();
        var interrupted = await Assert.ThrowsAsync<MsdException>(() => breaking);
        Assert.Equal(MsdErrorCode.TransferInterrupted, interrupted.Code);
        var resumeAt = first.Length + 1000;
        Assert.Equal(resumeAt, interrupted.CurrentLength);

        // A wrong offset is refused with the length the client must resume at; nothing is written.
        var mismatch = await Assert.ThrowsAsync<MsdException>(() =>
            _library.UploadAsync(new UploadRequest { Name = "os.img", Offset = 10, TotalLength = data.Length }, new MemoryStream(data, 10, 50)));
        Assert.Equal(MsdErrorCode.OffsetMismatch, mismatch.Code);
        Assert.Equal(409, mismatch.HttpStatusCode);
        Assert.Equal(resumeAt, mismatch.CurrentLength);

        var rest = data.AsSpan(resumeAt).ToArray();
        var done = await _library.UploadAsync(new UploadRequest { Name = "os.img", Offset = resumeAt, BodyLength = rest.Length }, new MemoryStream(rest));
        Assert.True(done.Complete);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "os.img")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), _library.Get("os.img").Sha256);
        Assert.Empty(_library.ListPartial());
    }

    [Fact]
    public async Task Offset_zero_restarts_an_abandoned_partial_upload()
    {
        await _library.UploadAsync(new UploadRequest { Name = "r.img", TotalLength = 100 }, new MemoryStream(Data(60, 6)));
        var data = Data(100, 7);
        var result = await _library.UploadAsync(new UploadRequest { Name = "r.img", TotalLength = 100 }, new MemoryStream(data));
        Assert.True(result.Complete);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "r.img")));
    }

    [Fact]
    public async Task Two_uploads_of_the_same_name_conflict_while_different_names_run_side_by_side()
    {
        var a = new GatedStream();
        var b = new GatedStream();
        var uploadA = _library.UploadAsync(new UploadRequest { Name = "a.img" }, a);
        var uploadB = _library.UploadAsync(new UploadRequest { Name = "b.img" }, b);
        await Task.WhenAll(a.FirstRead.Task, b.FirstRead.Task);
        Assert.Equal(["a.img", "b.img"], _library.ActiveTransfers.Select(t => t.Name));

        var conflict = await Assert.ThrowsAsync<MsdException>(() => _library.UploadAsync(new UploadRequest { Name = "a.img" }, new MemoryStream([1])));
        Assert.Equal(MsdErrorCode.TransferInProgress, conflict.Code);
        Assert.Equal(409, conflict.HttpStatusCode);

        a.Feed([1, 2, 3]);
        b.Feed([4, 5]);
        a.Complete();
        b.Complete();
        Assert.True((await uploadA).Complete);
        Assert.True((await uploadB).Complete);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "a.img")));
        Assert.Equal([4, 5], await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "b.img")));
    }

    [Fact]
    public async Task Upload_over_an_existing_image_is_refused_and_leaves_it_untouched()
    {
        var data = Data(100, 8);
        await _library.UploadAsync(new UploadRequest { Name = "keep.img" }, new MemoryStream(data));
        var ex = await Assert.ThrowsAsync<MsdException>(() => _library.UploadAsync(new UploadRequest { Name = "keep.img" }, new MemoryStream(Data(5, 9))));
        Assert.Equal(MsdErrorCode.AlreadyExists, ex.Code);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir.Path, "keep.img")));
    }

    [Fact]
    public async Task Announced_length_beyond_the_free_space_is_refused_before_any_byte_is_written()
    {
        var free = new DriveInfo(_dir.Path).AvailableFreeSpace;
        var ex = await Assert.ThrowsAsync<MsdException>(() =>
            _library.UploadAsync(new UploadRequest { Name = "huge.img", BodyLength = free + (1L << 30) }, new GatedStream()));
        Assert.Equal(MsdErrorCode.InsufficientSpace, ex.Code);
        Assert.Equal(507, ex.HttpStatusCode);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task A_body_longer_than_announced_is_discarded()
    {
        var ex = await Assert.ThrowsAsync<MsdException>(() =>
            _library.UploadAsync(new UploadRequest { Name = "long.img", TotalLength = 10 }, new MemoryStream(Data(11, 10))));
        Assert.Equal(MsdErrorCode.InvalidRequest, ex.Code);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task A_wrong_expected_sha256_discards_the_data()
    {
        var ex = await Assert.ThrowsAsync<MsdException>(() =>
            _library.UploadAsync(new UploadRequest { Name = "sum.img", ExpectedSha256 = new string('0', 64) }, new MemoryStream(Data(10, 11))));
        Assert.Equal(MsdErrorCode.ChecksumMismatch, ex.Code);
        Assert.Empty(Directory.GetFiles(_dir.Path));

        var data = Data(10, 11);
        var ok = await _library.UploadAsync(
            new UploadRequest { Name = "sum.img", ExpectedSha256 = Convert.ToHexString(SHA256.HashData(data)) }, new MemoryStream(data));
        Assert.True(ok.Complete);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_keeps_the_partial_but_CancelTransfer_removes_it()
    {
        var stream = new GatedStream();
        using var cts = new CancellationTokenSource();
        var upload = _library.UploadAsync(new UploadRequest { Name = "c.img", TotalLength = 100 }, stream, null, cts.Token);
        stream.Feed(Data(40, 12));
        await WaitForAsync(() => _library.ActiveTransfers.SingleOrDefault()?.Written == 40);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Equal(40, Assert.Single(_library.ListPartial()).Length);

        var again = new GatedStream();
        var resumed = _library.UploadAsync(new UploadRequest { Name = "c.img", Offset = 40, TotalLength = 100 }, again);
        await again.FirstRead.Task;
        Assert.True(_library.CancelTransfer("c.img"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resumed);
        Assert.Empty(_library.ListPartial());
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++) // up to 30 s: instant when idle, slow on a loaded 2-core machine
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached within 30 s");
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
