using KvmPortal.Auth;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Console;

/// <summary>The console end to end in Debian's Chromium, against the simulated target server.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleBrowserTests : IClassFixture<ChromiumFixture>, IDisposable
{
    private const float Timeout = 30_000;
    private readonly ChromiumFixture _chromium;
    private readonly KvmAppFactory _app;
    private readonly SimulatedTarget _target;

    public ConsoleBrowserTests(ChromiumFixture chromium)
    {
        _chromium = chromium;
        _app = new KvmAppFactory().UseRealSocket().Start();
        _target = _app.Services.GetRequiredService<SimulatedTarget>();
        var admin = _app.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[] { ("oscar", Roles.Operator), ("otto", Roles.Operator), ("vera", Roles.Viewer) })
        {
            Assert.Empty(admin.CreateAsync(name, TestPasswords.User, role, CancellationToken.None).GetAwaiter().GetResult());
        }
    }

    [Fact]
    public async Task Operator_PowersOn_Types_AndTakesAScreenshot_WhileAViewerWatchesButCannotType()
    {
        var (operatorContext, op) = await OpenConsoleAsync("oscar");
        var (viewerContext, viewer) = await OpenConsoleAsync("vera");
        await using var _ = operatorContext;
        await using var __ = viewerContext;

        await ConsoleMenu.OpenAsync(op, "power");
        await op.Locator("[data-testid=power-on]").ClickAsync();
        await op.Locator("[data-testid=power-led][data-on=true]").WaitForAsync();
        await WaitUntilAsync(() => _target.ScreenText.Contains("sim-target>", StringComparison.Ordinal));

        await op.Locator("[data-testid=console-screen]").ClickAsync();
        await op.Keyboard.TypeAsync("hello");
        await WaitUntilAsync(() => _target.ScreenText.Contains("sim-target> hello", StringComparison.Ordinal));
        await op.Locator("[data-testid=video-status]").GetByText("1280×720").WaitForAsync();

        // The viewer sees frames and the operator in the presence list; the server refuses its keys.
        await WaitForFramesAsync(viewer);
        await ConsoleMenu.OpenAsync(viewer, "people");
        await viewer.Locator("[data-testid=presence-entry][data-user=oscar]").WaitForAsync();
        await viewer.Locator("[data-testid=console-screen]").ClickAsync();
        await viewer.Keyboard.TypeAsync("xyz");
        await viewer.Locator("[data-testid=input-refused]").WaitForAsync();
        Assert.DoesNotContain("xyz", _target.ScreenText, StringComparison.Ordinal);
        await ConsoleMenu.OpenAsync(viewer, "power");
        Assert.Equal(0, await viewer.Locator("[data-testid=power-on]").CountAsync());

        await ConsoleMenu.OpenAsync(op, "view");
        var download = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=screenshot]").ClickAsync());
        var path = Path.Combine(_app.DataDirectory, "shot.png");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);

        // Upload an ISO (the progress bar is seen), attach it as a CD-ROM, reset: the target boots from it.
        var iso = TestIso.Build(_app.DataDirectory, "rescue.iso", fillerBytes: 48 * 1024 * 1024);
        await ConsoleMenu.OpenAsync(op, "media");
        await op.EvaluateAsync("""
            () => new MutationObserver((_, o) => {
                if (document.querySelector('[data-testid=upload-progress]')) { window.__sawUploadProgress = true; o.disconnect(); }
            }).observe(document.body, { childList: true, subtree: true })
            """);
        await op.Locator("[data-testid=upload-input]").SetInputFilesAsync(iso);
        await op.Locator("[data-testid=image][data-name='rescue.iso']").WaitForAsync();
        Assert.True(await op.EvaluateAsync<bool>("() => window.__sawUploadProgress === true"), "the upload progress bar was never shown");
        await op.Locator("[data-testid=image][data-name='rescue.iso'] [data-testid=attach-cd]").ClickAsync();
        await op.Locator("[data-testid=drive-state]").GetByText("Attached: rescue.iso as CD-ROM").WaitForAsync();
        await ConsoleMenu.OpenAsync(op, "power");
        await op.Locator("[data-testid=power-reset]").ClickAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await WaitUntilAsync(() => _target.ScreenText.Contains("Booting from rescue.iso", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExclusiveMode_RefusesTheSecondOperatorsInput()
    {
        _target.SetPowerButton(true);
        _target.SetPowerButton(false);
        await WaitUntilAsync(() => _target.ScreenText.Contains("sim-target>", StringComparison.Ordinal));
        var (firstContext, first) = await OpenConsoleAsync("oscar");
        var (secondContext, second) = await OpenConsoleAsync("otto");
        await using var _ = firstContext;
        await using var __ = secondContext;

        await ConsoleMenu.OpenAsync(first, "people");
        await ConsoleMenu.OpenAsync(second, "people");
        await first.Locator("[data-testid=mode-exclusive]").ClickAsync();
        await second.Locator("[data-testid=control-mode]").GetByText("exclusive").WaitForAsync();
        await second.Locator("[data-testid=console-screen]").ClickAsync();
        await second.Keyboard.TypeAsync("qq");
        await second.Locator("[data-testid=input-refused]").WaitForAsync();

        await first.Locator("[data-testid=console-screen]").ClickAsync();
        await first.Keyboard.TypeAsync("ok");
        await WaitUntilAsync(() => _target.ScreenText.Contains("sim-target> ok", StringComparison.Ordinal));
        Assert.DoesNotContain("qq", _target.ScreenText, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var line in _app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)))
        {
            System.Console.Error.WriteLine("APPLOG " + line);
        }

        _app.Dispose();
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenConsoleAsync(string user)
    {
        var context = await _chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(TestPasswords.User);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return (context, page);
    }

    private static async Task WaitForFramesAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=console-screen]').dataset.frames || 0) > 0");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "condition not met within 30 s");
    }
}
