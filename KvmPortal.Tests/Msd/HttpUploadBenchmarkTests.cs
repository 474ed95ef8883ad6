using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using KvmPortal.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Msd;

/// <summary>
/// Benchmark: an image uploaded through PiKVM's <c>/api/msd/write</c> over loopback HTTP into the real app, next to <c>dd</c> writing
/// the same amount to the same disk, and the app's peak memory. Size: KVMPORTAL_UPLOAD_BENCH_MIB (default 1024). Prints figures;
/// asserts only that the image arrived whole (size and SHA-256).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class HttpUploadBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Upload_OverLoopbackHttp_PrintsThroughputNextToDd_AndPeakMemory()
    {
        var mib = int.Parse(Environment.GetEnvironmentVariable("KVMPORTAL_UPLOAD_BENCH_MIB") ?? "1024", CultureInfo.InvariantCulture);
        long size = mib * 1024L * 1024L;
        using var app = new KvmAppFactory().UseRealSocket().Start();
        using var http = new HttpClient { BaseAddress = app.ServerAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-KVMD-User", "admin");
        http.DefaultRequestHeaders.Add("X-KVMD-Passwd", KvmAppFactory.AdminPassword);

        var source = new PatternStream(size);
        using var content = new StreamContent(source, 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = size;
        GC.Collect();
        var baseline = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri("/api/msd/write?image=bench.img", UriKind.Relative), content);
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var image = Path.Combine(app.DataDirectory, "images", "bench.img");
        Assert.Equal(size, new FileInfo(image).Length);
        await using (var written = File.OpenRead(image))
        {
            Assert.Equal(Convert.ToHexString(source.Sha256()), Convert.ToHexString(await SHA256.HashDataAsync(written)));
        }

        var ddTarget = Path.Combine(app.DataDirectory, "dd.img");
        var ddSeconds = RunDd(ddTarget, mib);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upload_http_mib: {mib}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upload_http_mib_per_s: {mib / uploadSeconds:0.0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dd_same_disk_mib_per_s: {mib / ddSeconds:0.0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_process_peak_working_set_mib: {peak / 1048576.0:0.0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_process_working_set_before_mib: {baseline / 1048576.0:0.0}"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"upload_http_mib_per_s: {mib / uploadSeconds:0.0}  dd_same_disk_mib_per_s: {mib / ddSeconds:0.0}  peak_working_set_mib: {peak / 1048576.0:0.0}"));
    }

    private static double RunDd(string target, int mib)
    {
        var clock = Stopwatch.StartNew();
        var dd = TestProcess.Run("dd", ["if=/dev/zero", $"of={target}", "bs=1M", $"count={mib}", "conv=fdatasync"], TimeSpan.FromMinutes(10));
        Assert.Equal(0, dd.ExitCode);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A readable stream of deterministic non-zero bytes (so nothing can shortcut zeros), hashing what it hands out.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private static readonly byte[] Block = RandomNumberGenerator.GetBytes(1 << 20);
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private byte[]? _final;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        /// <summary>The SHA-256 of everything read (available once the whole length was handed out, even after disposal).</summary>
        public byte[] Sha256() => _final ?? throw new InvalidOperationException("the stream was not read to the end");

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Copy from a fixed random block, shifted by the block number, so the client side costs little next to the upload.
            var n = (int)Math.Min(Math.Min(count, length - _position), Block.Length - (_position % Block.Length));
            Block.AsSpan((int)(_position % Block.Length), n).CopyTo(buffer.AsSpan(offset, n));
            buffer[offset] ^= (byte)(_position / Block.Length);

            _hash.AppendData(buffer, offset, n);
            _position += n;
            if (_position == length && _final is null)
            {
                _final = _hash.GetHashAndReset();
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
