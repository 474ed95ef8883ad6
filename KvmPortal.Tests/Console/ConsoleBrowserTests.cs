using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Console;

/// <summary>The console end to end in Debian's Chromium, against the simulated target server.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator), ("otto", Roles.Operator), ("vera", Roles.Viewer))
{
    [Fact]
    public async Task Operator_PowersOn_Types_AndTakesAScreenshot_WhileAViewerWatchesButCannotType()
    {
        var (_, op) = await OpenConsoleAsync("oscar", downloads: true);
        var (_, viewer) = await OpenConsoleAsync("vera");

        await ConsoleMenu.OpenAsync(op, "power");
        await op.Locator("[data-testid=power-on]").ClickAsync();
        await op.Locator("[data-testid=power-led][data-on=true]").WaitForAsync();
        await WaitUntilAsync(() => Target.ScreenText.Contains("sim-target>", StringComparison.Ordinal));

        await op.Locator("[data-testid=console-screen]").ClickAsync();
        await op.Keyboard.TypeAsync("hello");
        await WaitUntilAsync(() => Target.ScreenText.Contains("sim-target> hello", StringComparison.Ordinal));
        await op.Locator("[data-testid=video-status]").GetByText("1280×720").WaitForAsync();

        // The viewer sees frames and the operator in the presence list; the server refuses its keys.
        await WaitForFramesAsync(viewer);
        await ConsoleMenu.OpenAsync(viewer, "people");
        await viewer.Locator("[data-testid=presence-entry][data-user=oscar]").WaitForAsync();
        await viewer.Locator("[data-testid=console-screen]").ClickAsync();
        await viewer.Keyboard.TypeAsync("xyz");
        await viewer.Locator("[data-testid=input-refused]").WaitForAsync();
        Assert.DoesNotContain("xyz", Target.ScreenText, StringComparison.Ordinal);
        await ConsoleMenu.OpenAsync(viewer, "power");
        Assert.Equal(0, await viewer.Locator("[data-testid=power-on]").CountAsync());

        await ConsoleMenu.OpenAsync(op, "view");
        var download = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=screenshot]").ClickAsync());
        var path = Path.Combine(App.DataDirectory, "shot.png");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);

        // Upload an ISO (the progress bar is seen), attach it as a CD-ROM, reset: the target boots from it.
        var iso = TestIso.Build(App.DataDirectory, "rescue.iso", fillerBytes: 48 * 1024 * 1024);
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
        await WaitUntilAsync(() => Target.ScreenText.Contains("Booting from rescue.iso", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExclusiveMode_RefusesTheSecondOperatorsInput()
    {
        var target = await PoweredTargetAsync();
        var (_, first) = await OpenConsoleAsync("oscar");
        var (_, second) = await OpenConsoleAsync("otto");

        await ConsoleMenu.OpenAsync(first, "people");
        await ConsoleMenu.OpenAsync(second, "people");
        await first.Locator("[data-testid=mode-exclusive]").ClickAsync();
        await second.Locator("[data-testid=control-mode]").GetByText("exclusive").WaitForAsync();
        await second.Locator("[data-testid=console-screen]").ClickAsync();
        await second.Keyboard.TypeAsync("qq");
        await second.Locator("[data-testid=input-refused]").WaitForAsync();

        await first.Locator("[data-testid=console-screen]").ClickAsync();
        await first.Keyboard.TypeAsync("ok");
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> ok", StringComparison.Ordinal));
        Assert.DoesNotContain("qq", target.ScreenText, StringComparison.Ordinal);
    }

    public override Task DisposeAsync()
    {
        foreach (var line in App.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)))
        {
            System.Console.Error.WriteLine("APPLOG " + line);
        }

        return base.DisposeAsync();
    }
}
