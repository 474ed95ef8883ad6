using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Video.Ocr;

/// <summary>
/// "Copy text from screen" in Debian's Chromium: a Viewer opens it from the View menu on the simulated target's text console, the
/// dialog shows the banner tesseract read, and Copy puts it on the clipboard. Takes the screenshots (1600x900 and 390x844, light
/// and dark) into artifacts/screenshots and docs/images/console-copy-text.png.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CopyTextBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium, ("vera", Roles.Viewer))
{
    [Fact]
    public async Task Viewer_CopiesTheBannerTextFromTheScreen()
    {
        await PoweredTargetAsync("mass storage");
        var (context, page) = await OpenConsoleAsync("vera");
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await WaitForFramesAsync(page);

        var text = await OpenDialogAsync(page);
        Assert.Contains("Simulated", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("keyboard", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bootable", text, StringComparison.OrdinalIgnoreCase);

        await page.Locator("[data-testid=copy-text-copy]").ClickAsync();
        await page.Locator("[data-testid=copy-text-state]").GetByText("Copied to the clipboard.").WaitForAsync();
        Assert.Equal(text, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await ShotAsync(page, "console-copy-text-light.png");
        if (Environment.GetEnvironmentVariable(Screenshots.UpdateVariable) == "1")
        {
            File.Copy(ArtifactPath("console-copy-text-light.png"), Path.Combine(RepositoryRoot.Find(), "docs", "images", "console-copy-text.png"), overwrite: true);
        }
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await CloseDialogAndToggleThemeAsync(page);
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await OpenDialogAsync(page);
        await ShotAsync(page, "console-copy-text-dark.png");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ShotAsync(page, "console-copy-text-phone-dark.png");
        await CloseDialogAndToggleThemeAsync(page);
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{light}'");
        await OpenDialogAsync(page);
        await ShotAsync(page, "console-copy-text-phone-light.png");
    }

    /// <summary>Opens the dialog from the View menu and waits for the recognized text.</summary>
    private static async Task<string> OpenDialogAsync(IPage page)
    {
        await ConsoleMenu.OpenAsync(page, "view");
        await page.Locator("[data-testid=copy-text]").ClickAsync();
        await page.Locator("[data-testid=copy-text-result]").WaitForAsync(new() { Timeout = 60_000 });
        return await page.Locator("#kvm-copy-text").InputValueAsync();
    }

    private static async Task CloseDialogAndToggleThemeAsync(IPage page)
    {
        await page.Locator("[data-testid=copy-text-close]").ClickAsync();
        await page.Locator("[data-testid=copy-text-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
    }

    private static string ArtifactPath(string name) => Screenshots.PathFor(name);

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ArtifactPath(name))!);
        await page.ScreenshotAsync(new() { Path = ArtifactPath(name) });
    }
}
