using System.Diagnostics;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Security;

/// <summary>Chunked bodies over the limit end with 413 on every anonymous door that reads a body; the process's memory stays flat.</summary>
public sealed class BodyLimitTests(ITestOutputHelper output)
{
    private const long BodyBytes = 16L * 1024 * 1024;

    [Fact]
    public async Task FiftyParallelAnonymousChunkedOversizedBodies_Get413_AndMemoryStaysFlat()
    {
        await using var app = await SecurityApp.StartAsync();
        (string Path, string Type)[] doors =
        [
            ("/redfish/v1/SessionService/Sessions", "application/json"),
            ("/api/auth/login", "application/x-www-form-urlencoded"),
            ("/api/hid/print", "text/plain"),
            ("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", "application/json"),
            ("/Account/Login", "application/x-www-form-urlencoded"),
        ];

        // Warm-up: one of each, so JIT and pools do not count as growth.
        foreach (var (path, type) in doors)
        {
            await ChunkedFlood.PostAsync(app.Address, path, type, BodyBytes, CancellationToken.None);
        }

        var before = RssMiB();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => ChunkedFlood.PostAsync(app.Address, doors[i % doors.Length].Path, doors[i % doors.Length].Type, BodyBytes, CancellationToken.None)));
        var after = RssMiB();
        output.WriteLine($"rss_mib_before: {before}");
        output.WriteLine($"rss_mib_after: {after}");
        System.Console.WriteLine($"rss_mib_before: {before}");
        System.Console.WriteLine($"rss_mib_after: {after}");
        output.WriteLine("statuses: " + string.Join(", ", results.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")));

        // Anonymous requests to protected doors are refused before the body is read (401); the anonymous doors that read get 413;
        // the login form's antiforgery check refuses with 400.
        Assert.All(results, r => Assert.True(r is 413 or 401 or 400, $"status {r}"));
        Assert.Contains(413, results);
        Assert.True(after - before < 100, $"RSS grew from {before} to {after} MiB for 50 x {BodyBytes >> 20} MiB bodies");

        // Uploads keep their large limit, chunked too: 2 MiB without Content-Length.
        var image = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(image);
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/msd/write?image=chunked.img", UriKind.Relative)) { Content = new StreamContent(new MemoryStream(image)) };
        upload.Headers.TransferEncodingChunked = true;
        using var uploaded = await app.Admin.SendAsync(upload);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());

        // An authenticated, over-limit chunked API body gets a clear 413 too.
        using var big = new HttpRequestMessage(HttpMethod.Post, new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", UriKind.Relative))
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes("{\"Image\":\"" + new string('a', 200 * 1024) + "\"}"))),
        };
        big.Headers.TransferEncodingChunked = true;
        using var refused = await app.Admin.SendAsync(big);
        Assert.Equal(413, (int)refused.StatusCode);
    }

    private static long RssMiB()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64 >> 20;
    }
}
