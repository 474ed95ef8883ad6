using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by the test script) driven by Playwright. Never a downloaded browser.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Gets or sets the app the tests of one class share (<see cref="BrowserTest"/>), stopped with the browser.</summary>
    internal KvmAppFactory? ClassApp { get; set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run the README's test command (deploy/test.sh), which installs Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        ClassApp?.Dispose();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
