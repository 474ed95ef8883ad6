using System.Globalization;
using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// Time from a keydown in Chromium to the keyboard report reaching the HID backend (the simulated target's sink), both on the
/// wall clock of this machine. Prints p50 and p99; asserts only that every key arrived, in order.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(RunsAlone.Name)]
public sealed class KeyLatencyBenchmark(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("bench", Roles.Operator))
{
    private const int Keys = 200;
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    // Runs in the page before the console's own listener (capture phase on window): one wall-clock stamp per key press.
    private const string RecordKeydowns = """
        () => {
          window.__kvmKeydownTimes = [];
          window.__kvmKeydownCodes = [];
          window.addEventListener('keydown', (e) => {
            if (e.repeat || !e.code.startsWith('Key')) return;
            window.__kvmKeydownTimes.push(performance.timeOrigin + performance.now());
            window.__kvmKeydownCodes.push(e.code);
          }, true);
        }
        """;

    private TimingHidSink? _sink;

    protected override KvmAppFactory Configure(KvmAppFactory app) =>
        app.WithTestServices(services => services.AddSingleton<ISimulatedHidSink>(sp => _sink = new TimingHidSink(sp.GetRequiredService<SimulatedTarget>(), TimeProvider.System)));

    [Fact]
    public async Task Keydown_to_hid_report_latency()
    {
        await PoweredTargetAsync();

        var (_, page) = await OpenConsoleAsync("bench");
        await page.Locator("[data-testid=console-screen]").ClickAsync();
        var sink = _sink ?? throw new InvalidOperationException("The timing sink was not used by the HID backend.");

        // Warm-up key (first interop call, JIT), not measured.
        await page.Keyboard.PressAsync("Digit1");
        await WaitUntilAsync(() => sink.Presses.Count == 1);
        await page.EvaluateAsync(RecordKeydowns);

        var text = string.Concat(Enumerable.Range(0, Keys).Select(i => Letters[i % Letters.Length]));
        await page.Keyboard.TypeAsync(text, new() { Delay = 10 });
        await WaitUntilAsync(() => sink.Presses.Count == Keys + 1);

        var keydownTimes = await page.EvaluateAsync<double[]>("() => window.__kvmKeydownTimes");
        var keydownCodes = await page.EvaluateAsync<string[]>("() => window.__kvmKeydownCodes");
        var presses = sink.Presses.Skip(1).ToArray();

        // Sanity only: every key arrived, in the order typed.
        Assert.Equal(Keys, keydownTimes.Length);
        Assert.Equal(Keys, presses.Length);
        for (var i = 0; i < Keys; i++)
        {
            Assert.Equal($"Key{char.ToUpperInvariant(text[i])}", keydownCodes[i]);
            Assert.Equal(4 + (text[i] - 'a'), presses[i].Usage);
        }

        var latencies = presses.Select((p, i) => p.ArrivedMs - keydownTimes[i]).Order().ToArray();
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"keydown_to_hid_count: {latencies.Length}\nkeydown_to_hid_p50_ms: {Percentile(latencies, 50):0.00}\nkeydown_to_hid_p99_ms: {Percentile(latencies, 99):0.00}\nkeydown_to_hid_min_ms: {latencies[0]:0.00}\nkeydown_to_hid_max_ms: {latencies[^1]:0.00}");
        output.WriteLine(report);
        System.Console.WriteLine(report);
    }

    private static double Percentile(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
