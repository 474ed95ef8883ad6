using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KvmPortal.Tests.Api;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// kvmd's <c>msd/write_remote</c>: NDJSON lines end in CRLF; an existing image is 400 <c>MsdImageExistsError</c>. The image server
/// is on loopback, so this app allow-lists 127.0.0.1 for URL downloads (refused by default: see Security/OutboundFetchTests).
/// </summary>
public sealed class PikvmWriteRemoteTests(PikvmWriteRemoteTests.LoopbackDownloadsApp fixture) : IClassFixture<PikvmWriteRemoteTests.LoopbackDownloadsApp>
{
    private readonly ApiTestApp app = fixture.App;

    [Fact]
    public async Task WriteRemote_LinesEndInCrLf_AndAnExistingImageIsMsdImageExistsError()
    {
        var payload = new byte[200_000];
        new Random(7).NextBytes(payload);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = PikvmMiscCompatibilityTests.ServeAsync(listener, payload, stop.Token);
        try
        {
            var url = Uri.EscapeDataString($"http://127.0.0.1:{port}/remote-crlf.img");
            var body = await PostTextAsync($"/api/msd/write_remote?url={url}&image=remote-crlf.img", 200);
            Assert.EndsWith("\r\n", body, StringComparison.Ordinal);
            var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, l => Assert.DoesNotContain('\n', l));
            var last = JsonDocument.Parse(lines[^1]).RootElement;
            Assert.True(last.GetProperty("ok").GetBoolean());
            Assert.Equal(payload.Length, last.GetProperty("result").GetProperty("image").GetProperty("written").GetInt64());

            // As kvmd: a write that fails before streaming starts (the image exists) is a plain error answer, not an NDJSON stream.
            var again = await PostTextAsync($"/api/msd/write_remote?url={url}&image=remote-crlf.img", 400);
            var error = JsonDocument.Parse(again).RootElement;
            Assert.False(error.GetProperty("ok").GetBoolean());
            Assert.Equal("MsdImageExistsError", error.GetProperty("result").GetProperty("error").GetString());

            using var content = new ByteArrayContent(new byte[4096]);
            using var upload = await app[ApiTestApp.Admin].PostAsync(new Uri("/api/msd/write?image=remote-crlf.img", UriKind.Relative), content);
            Assert.Equal(400, (int)upload.StatusCode);
            Assert.Equal("MsdImageExistsError", (await ApiTestApp.ReadJsonAsync(upload)).GetProperty("result").GetProperty("error").GetString());
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await Task.WhenAny(server, Task.Delay(5000));
        }
    }

    private async Task<string> PostTextAsync(string path, int expected)
    {
        using var response = await app[ApiTestApp.Admin].PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The API app with loopback allowed for URL downloads.</summary>
    public sealed class LoopbackDownloadsApp : IAsyncLifetime
    {
        public ApiTestApp App { get; } = new(realSocket: false, ("KvmPortal:Hardening:OutboundAllowList:0", "127.0.0.1/32"));

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync();
    }
}
