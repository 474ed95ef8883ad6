using System.Diagnostics;
using System.Globalization;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// Benchmark on the simulated target at 1920×1080 over loopback with the in-test RFB client (Tight/JPEG, quality level 6):
/// bytes of the update that shows one typed character (changed tiles only) next to a full frame, and updates per second to 4
/// simultaneous VNC clients while the picture changes 30 times a second, next to the frames the video pipeline published (what the
/// web console's frame WebSocket gets). Asserts only that the figures exist and every client got updates.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class VncBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TypedCharacterEcho_AndFourClients_PrintBytesAndFps()
    {
        using var app = new KvmAppFactory().UseRealSocket()
            .With("KvmPortal:Vnc:Enabled", "true").With("KvmPortal:Vnc:Port", "0")
            .With("KvmPortal:Simulation:ScreenWidth", "1920").With("KvmPortal:Simulation:ScreenHeight", "1080")
            .With("KvmPortal:Video:DesiredFps", "30").Start();
        var port = (await app.Services.GetRequiredService<KvmPortal.Vnc.VncServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30)))[0].Port;
        var target = app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        await VncTestApp.WaitUntilAsync(() => target.ScreenText.Contains("sim-target>", StringComparison.Ordinal), "the shell prompt");

        await using var client = await ConnectAsync(port);
        await client.RequestAsync(incremental: false);
        var full = await client.ReadUpdateAsync();
        Assert.Equal((1920, 1080), (client.Width, client.Height));

        const string text = "benchmark";
        long echoBytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            await client.RequestAsync(incremental: true);
            await client.KeyAsync(text[i], true);
            await client.KeyAsync(text[i], false);
            echoBytes += await client.ReadUpdateAsync();
            var expected = "sim-target> " + text[..(i + 1)];
            while (!target.ScreenText.Contains(expected, StringComparison.Ordinal))
            {
                // The echo may come in more than one update (key down, then the text): count them all.
                await client.RequestAsync(incremental: true);
                echoBytes += await client.ReadUpdateAsync();
            }
        }

        var perChar = echoBytes / (double)text.Length;
        Print($"vnc_full_frame_1080p_tight_jpeg_bytes: {full}\nvnc_typed_char_echo_bytes: {perChar:0}\nvnc_typed_char_echo_over_full_frame: {perChar / full:0.0000}");

        var fps = await FourClientsAsync(app, target, port);
        Assert.All(fps.Clients, f => Assert.True(f > 0, "a VNC client got no update"));
        Print($"vnc_4_clients_min_fps: {fps.Clients.Min():0.0}\nvnc_4_clients_mean_fps: {fps.Clients.Average():0.0}\nvideo_published_fps_same_window: {fps.Published:0.0}");
    }

    private static async Task<RfbTestClient> ConnectAsync(int port)
    {
        var client = await RfbTestClient.ConnectAsync(port);
        await client.StartAsync();
        Assert.True(await client.VeNCryptAsync("admin", KvmAppFactory.AdminPassword, null, subtype: 262, trustAny: true), client.FailureReason);
        await client.InitAsync();
        await client.SetEncodingsAsync(7, -26, 0);
        return client;
    }

    private static async Task<(double[] Clients, double Published)> FourClientsAsync(KvmAppFactory app, SimulatedTarget target, int port)
    {
        var streamer = app.Services.GetRequiredService<VideoStreamer>();
        var clients = new List<RfbTestClient>();
        for (var i = 0; i < 4; i++)
        {
            var c = await ConnectAsync(port);
            await c.RequestAsync(false);
            await c.ReadUpdateAsync();
            clients.Add(c);
        }

        using var stop = new CancellationTokenSource();
        var mover = PointerMotion.MoveAsync(target, stop.Token);
        var window = TimeSpan.FromSeconds(5);
        var firstSequence = streamer.Latest?.Sequence ?? 0;
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(clients.Select(async c =>
        {
            var n = 0;
            while (clock.Elapsed < window)
            {
                await c.RequestAsync(incremental: true);
                await c.ReadUpdateAsync();
                n++;
            }

            return n / clock.Elapsed.TotalSeconds;
        }));
        var published = ((streamer.Latest?.Sequence ?? 0) - firstSequence) / clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await mover;
        foreach (var c in clients)
        {
            await c.DisposeAsync();
        }

        return (counts, published);
    }

    private void Print(string lines)
    {
        var text = lines.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(text);
        System.Console.WriteLine(text);
    }
}
