using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using KvmPortal.Hardware.Msd;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class UrlDownloadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StubHandler _handler = new();
    private readonly HttpClient _client;
    private readonly ImageLibrary _library;

    public UrlDownloadTests()
    {
        _client = new HttpClient(_handler);
        _library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 0 }, httpClient: _client);
    }

    public void Dispose()
    {
        _library.Dispose();
        _client.Dispose();
        _handler.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Downloads_with_progress_and_takes_the_name_from_the_url()
    {
        var data = ImageLibraryUploadTests.Data((2 * ImageLibrary.BufferSize) + 5, 40);
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) };
        var reports = new List<TransferProgress>();

        var result = await _library.DownloadFromUrlAsync(new Uri("https://mirror.example/debian/netinst%201.iso"), null, new Progress(reports.Add));

        Assert.True(result.Complete);
        Assert.Equal("netinst 1.iso", result.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), result.Image!.Sha256);
        Assert.All(reports, r => Assert.Equal(TransferKind.UrlDownload, r.Kind));
        Assert.Equal(data.Length, reports[^1].Written);
    }

    [Fact]
    public async Task Takes_the_name_from_content_disposition_and_refuses_unsafe_ones()
    {
        _handler.Respond = _ => Response([1, 2, 3], "good.img");
        Assert.Equal("good.img", (await _library.DownloadFromUrlAsync(new Uri("http://h/download?id=1"))).Name);

        _handler.Respond = _ => Response([1], ".hidden");
        var ex = await Assert.ThrowsAsync<MsdException>(() => _library.DownloadFromUrlAsync(new Uri("http://h/download?id=2")));
        Assert.Equal(MsdErrorCode.InvalidName, ex.Code);
    }

    [Theory]
    [InlineData("ftp://host/x.iso")]
    [InlineData("file:///etc/passwd")]
    [InlineData("smb://host/share/x.iso")]
    public async Task Refuses_schemes_other_than_http_and_https(string url)
    {
        var ex = await Assert.ThrowsAsync<MsdException>(() => _library.DownloadFromUrlAsync(new Uri(url), "x.iso"));
        Assert.Equal(MsdErrorCode.InvalidRequest, ex.Code);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task An_http_error_or_a_truncated_body_fails_clearly_and_leaves_nothing()
    {
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.NotFound);
        var notFound = await Assert.ThrowsAsync<MsdException>(() => _library.DownloadFromUrlAsync(new Uri("http://h/x.iso")));
        Assert.Equal(MsdErrorCode.RemoteFailed, notFound.Code);
        Assert.Contains("404", notFound.Message, StringComparison.Ordinal);

        var stream = new GatedStream();
        _handler.Respond = _ =>
        {
            var content = new StreamContent(stream);
            content.Headers.ContentLength = 1000;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        };
        stream.Feed(new byte[400]);
        stream.Complete();
        var truncated = await Assert.ThrowsAsync<MsdException>(() => _library.DownloadFromUrlAsync(new Uri("http://h/y.iso")));
        Assert.Equal(MsdErrorCode.RemoteFailed, truncated.Code);
        Assert.Contains("400 of 1000", truncated.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Cancel_stops_the_download_and_removes_the_partial_file()
    {
        var stream = new GatedStream();
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream) };
        var download = _library.DownloadFromUrlAsync(new Uri("http://h/slow.iso"));
        stream.Feed(new byte[5000]);
        await ImageLibraryUploadTests.WaitForAsync(() => _library.ActiveTransfers.SingleOrDefault()?.Written == 5000);
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".slow.iso.partial")));

        Assert.True(_library.CancelTransfer("slow.iso"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        Assert.Empty(Directory.GetFiles(_dir.Path));
        Assert.Empty(_library.ActiveTransfers);
    }

    private static HttpResponseMessage Response(byte[] data, string fileName)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private sealed class Progress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }

    private sealed class StubHandler : HttpMessageHandler
    {
        public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Respond(request));
        }
    }
}
