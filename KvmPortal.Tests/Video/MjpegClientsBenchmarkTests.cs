using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Video;

/// <summary>
/// Benchmark: 1 and then 16 MJPEG clients over loopback HTTP on the simulated target at 1920×1080, whose picture changes 30 times
/// a second (the pointer is moved from the server side). Prints process CPU use and per-client frames per second for both.
/// The figure includes the in-process HTTP clients; it asserts only that every client received frames.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class MjpegClientsBenchmarkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SixteenMjpegClients_PrintCpuNextToOne()
    {
        using var app = new KvmAppFactory().UseRealSocket()
            .With("KvmPortal:Simulation:ScreenWidth", "1920").With("KvmPortal:Simulation:ScreenHeight", "1080")
            .With("KvmPortal:Video:DesiredFps", "30").Start();
        var target = app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        using var stop = new CancellationTokenSource();
        var mover = PointerMotion.MoveAsync(target, stop.Token);
        try
        {
            foreach (var clients in new[] { 1, 16 })
            {
                var (cpuPercent, fps) = await MeasureAsync(app, clients);
                Assert.All(fps, f => Assert.True(f > 0, "a client received no frame"));
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"mjpeg_{clients}_clients_cpu_percent: {cpuPercent:0.0}\nmjpeg_{clients}_clients_min_fps: {fps.Min():0.0}\nmjpeg_{clients}_clients_mean_fps: {fps.Average():0.0}");
                output.WriteLine(line);
                System.Console.WriteLine(line);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await mover;
        }
    }

    private static async Task<(double CpuPercent, double[] Fps)> MeasureAsync(KvmAppFactory app, int clients)
    {
        var http = Enumerable.Range(0, clients).Select(_ =>
        {
            var client = new HttpClient { BaseAddress = app.ServerAddress, Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + KvmAppFactory.AdminPassword)));
            return client;
        }).ToList();
        try
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var counts = await Task.WhenAll(http.Select(c => CountFramesAsync(c, Window)));
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
            return (cpu, [.. counts.Select(n => n / Window.TotalSeconds)]);
        }
        finally
        {
            http.ForEach(c => c.Dispose());
        }
    }

    private static async Task<long> CountFramesAsync(HttpClient client, TimeSpan window)
    {
        await using var body = await client.GetStreamAsync(new Uri("/api/streamer/stream", UriKind.Relative));
        var buffer = new byte[256 * 1024];
        var counter = new MultipartBoundaryCounter();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            var n = await body.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            counter.Feed(buffer.AsSpan(0, n));
        }

        return Math.Max(0, counter.Count - 1);
    }
}
