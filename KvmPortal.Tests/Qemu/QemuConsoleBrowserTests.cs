using System.Diagnostics;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Qemu;

/// <summary>
/// The console in Debian's Chromium against a real QEMU VM (Qemu profile): upload the boot-sector ISO, attach it as a CD, power on,
/// SeaBIOS boots it (banner read by OCR from the snapshot), "hello" typed on the console is echoed, force off shows "No signal".
/// </summary>
[Trait("Category", "Qemu")]
public sealed class QemuConsoleBrowserTests : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly ChromiumFixture _chromium;
    private readonly TempDirectory _dir = new();

    public QemuConsoleBrowserTests(ChromiumFixture chromium) => _chromium = chromium;

    [Fact]
    public async Task Console_BootsTheUploadedIso_EchoesTyping_AndShowsNoSignalAfterForceOff()
    {
        QemuTestTools.RequireTools();
        using var app = new KvmAppFactory().UseRealSocket().WithTestServices(services =>
        {
            services.Configure<QemuOptions>(o =>
            {
                o.Enabled = true;
                o.StartVm = true;
                o.QemuBinary = QemuTestTools.QemuBinary;
                o.QmpSocket = Path.Combine(_dir.Path, "qmp.sock");
                o.MemoryMb = 64;
                o.ScreendumpDirectory = _dir.Path;
            });
            services.AddKvmQemu();
        }).Start();
        var iso = Path.Combine(_dir.Path, "kvmtest.iso");
        await QemuTestTools.BuildTestIsoAsync(iso);

        await using var context = await _chromium.Browser.NewContextAsync(new() { BaseURL = app.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(KvmAppFactory.AdminPassword);
        await page.Locator("#login-submit").ClickAsync();
        await BrowserSignIn.WaitForPathAsync(page, "/", seconds: 60);
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await ConsoleMenu.OpenAsync(page, "media");
        await page.Locator("[data-testid=upload-input]").SetInputFilesAsync(iso);
        await page.Locator("[data-testid=image][data-name='kvmtest.iso'] [data-testid=attach-cd]").ClickAsync();
        await page.Locator("[data-testid=drive-state]").GetByText("Attached: kvmtest.iso as CD-ROM").WaitForAsync();
        await ConsoleMenu.OpenAsync(page, "power");
        await page.Locator("[data-testid=power-on]").ClickAsync();
        await page.Locator("[data-testid=power-led][data-on=true]").WaitForAsync();
        await WaitForScreenTextAsync(page, "PORTAL TEST BOOT");

        await page.Locator("[data-testid=console-screen]").ClickAsync();
        await page.Keyboard.TypeAsync("hello", new() { Delay = 50 });
        await WaitForScreenTextAsync(page, "TYPED: hello");

        await page.Locator("[data-testid=power-off-hard]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await page.Locator("[data-testid=video-status]").GetByText("No signal").WaitForAsync();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>OCR of the console's own canvas (what the user sees), until the text appears.</summary>
    private async Task WaitForScreenTextAsync(IPage page, string expected)
    {
        var shot = Path.Combine(_dir.Path, "canvas.png");
        var last = "";
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await page.Locator("[data-testid=console-screen] canvas").ScreenshotAsync(new() { Path = shot });
            var (code, text, error) = await QemuTestTools.RunAsync("/usr/bin/tesseract", [shot, "stdout", "--psm", "6"]);
            Assert.True(code == 0, "tesseract failed: " + error);
            last = text;
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"\"{expected}\" never appeared on the console canvas; last OCR text:\n{last}");
    }
}
