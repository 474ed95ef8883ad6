using System.Globalization;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// Glass-to-glass in Chromium for both codecs (the <c>bench h264</c> figures that need a browser): the simulated target's screen
/// changes (a typed character is echoed) → the console paints the frame showing it, both on this machine's wall clock. Prints
/// p50/p95 per codec and the H.264/MJPEG p95 ratio; asserts only that every change was painted.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(RunsAlone.Name)]
public sealed class GlassToGlassBenchmark(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("bench", Roles.Operator))
{
    private const int Samples = 40;

    // Every paint of the console stamps the wall clock (the console bumps data-frames right after drawing a frame).
    private const string RecordPaints = """
        () => {
          window.__paints = [];
          const screen = document.querySelector('[data-testid=console-screen]');
          new MutationObserver(() => window.__paints.push(performance.timeOrigin + performance.now()))
            .observe(screen, { attributes: true, attributeFilter: ['data-frames'] });
        }
        """;

    private readonly List<double> _encodeMs = [];

    [Fact]
    public async Task Display_change_to_painted_frame_latency_h264_and_mjpeg()
    {
        var target = await PoweredTargetAsync();

        var mjpeg = await MeasureAsync(target, "mjpeg");
        var h264 = await MeasureAsync(target, "h264");
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            g2g_samples: {Samples}
            g2g_mjpeg_ms_p50: {H264Benchmark.Percentile(mjpeg, 50):0.0}
            g2g_mjpeg_ms_p95: {H264Benchmark.Percentile(mjpeg, 95):0.0}
            g2g_h264_ms_p50: {H264Benchmark.Percentile(h264, 50):0.0}
            g2g_h264_ms_p95: {H264Benchmark.Percentile(h264, 95):0.0}
            g2g_h264_server_encode_ms_p50: {H264Benchmark.Percentile(_encodeMs, 50):0.0}
            g2g_h264_vs_mjpeg_p95_ratio: {H264Benchmark.Percentile(h264, 95) / H264Benchmark.Percentile(mjpeg, 95):0.00}
            """);
        output.WriteLine(report);
        System.Console.WriteLine(report);
    }

    private async Task<List<double>> MeasureAsync(SimulatedTarget target, string codec)
    {
        await using var context = await NewContextAsync(Desktop);
        await context.AddInitScriptAsync($"localStorage.setItem('kvm.video.codec:bench', '{codec}');");
        var page = await SignInAsync(context, "bench");
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=console-screen]').dataset.codec === '{codec}'");
        await page.EvaluateAsync(RecordPaints);
        var latencies = new List<double>();
        for (var i = 0; i < Samples + 3; i++)
        {
            await Task.Delay(250); // a pause between changes, as between typed keys; below the 0.5 s idle key-frame rule
            var before = await page.EvaluateAsync<int>("() => window.__paints.length");
            var changed = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0);
            target.KeyboardReport([0, 0, (byte)(0x04 + (i % 26)), 0, 0, 0, 0, 0]);
            target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
            await page.WaitForFunctionAsync($"() => window.__paints.length > {before}", null, new() { Timeout = 10_000 });
            var painted = await page.EvaluateAsync<double>($"() => window.__paints[{before}]");
            if (i >= 3)
            {
                latencies.Add(painted - changed); // the first few warm up the decoder and the JIT
                if (codec == "h264")
                {
                    _encodeMs.Add(App.Services.GetRequiredService<H264Broadcaster>().GetState().LastEncodeMilliseconds);
                }
            }

            if (i % 20 == 19)
            {
                target.KeyboardReport([0, 0, 0x28, 0, 0, 0, 0, 0]); // Enter, so the line does not run off the screen
                target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
                await Task.Delay(300);
            }
        }

        Assert.Equal(Samples, latencies.Count);
        return latencies;
    }
}
