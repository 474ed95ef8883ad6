using System.Globalization;
using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// Time from a keydown in Chromium to the keyboard report reaching the HID backend (the simulated target's sink), both on the
/// wall clock of this machine. Prints p50 and p99; asserts only that every key arrived, in order.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(RunsAlone.Name)]
public sealed class KeyLatencyBenchmark : IClassFixture<ChromiumFixture>, IDisposable
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

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;
    private readonly KvmAppFactory _app;
    private TimingHidSink? _sink;

    public KeyLatencyBenchmark(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
        _app = new KvmAppFactory()
            .WithTestServices(services => services.AddSingleton<ISimulatedHidSink>(sp =>
                _sink = new TimingHidSink(sp.GetRequiredService<SimulatedTarget>(), TimeProvider.System)))
            .UseRealSocket()
            .Start();
        var admin = _app.Services.GetRequiredService<UserAdministration>();
        Assert.Empty(admin.CreateAsync("bench", TestPasswords.User, Roles.Operator, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Keydown_to_hid_report_latency()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);

        await using var context = await _chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync("bench");
        await page.Locator("#password").FillAsync(TestPasswords.User);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
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
        _output.WriteLine(report);
        System.Console.WriteLine(report);
    }

    public void Dispose() => _app.Dispose();

    private static double Percentile(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "condition not met within 15 s");
    }
}
