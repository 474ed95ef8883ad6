using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// Debian's Chromium for the noVNC test. The test page is answered by a Playwright route, which Chromium treats as coming from the
/// public internet, so its Local Network Access check would block the WebSocket to the portal on 127.0.0.1; that check is turned off
/// here (a real deployment serves the page from the portal's own address, where the check does not apply).
/// </summary>
public sealed class NoVncChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFixture.ExecutablePath))
        {
            throw new InvalidOperationException($"{ChromiumFixture.ExecutablePath} is missing: run the README's test command (deploy/test.sh), which installs Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                "--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
