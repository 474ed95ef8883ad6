using KvmPortal.Auth;
using KvmPortal.Macros;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Macros;

/// <summary>
/// Issue 17 item 10 in Chromium at 1600x900 and 390x844 (one app for both): a macro recorded on the console is saved by the first
/// click on "Save" straight after typing its name (no click to end the text edit first), on the console's Macros menu and on the
/// macros page's editor.
/// </summary>
[Trait("Category", "Browser")]
public sealed class MacroSaveBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    protected override bool OneAppPerClass => true;

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Save_ActsOnTheFirstClick_InTheMenuAndOnTheMacrosPage(int width, int height)
    {
        await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", new(width, height));
        await ConsoleMenu.OpenAsync(page, "macros");
        await page.Locator("[data-testid=macro-record]").ClickAsync();
        await page.Locator("[data-testid=console-screen]").FocusAsync(); // a keyboard user types on the picture behind the menu
        await page.Keyboard.TypeAsync("ls");
        await page.Locator("[data-testid=macro-stop]").ClickAsync();
        var name = $"list{width}";
        await page.Locator("#macro-name").ClickAsync();
        await page.Keyboard.TypeAsync(name);
        await page.Locator("[data-testid=macro-save]").ClickAsync(new() { Timeout = 20_000 });
        await page.Locator(".mud-snackbar").GetByText($"Macro {name} saved").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains(await MacrosAsync(), m => m.Name == name);

        // The editor on the macros page: rename, then Save at once.
        await GoToAsync(page, "/macros");
        await page.Locator($"[data-testid=macro-list] tr:has([data-macro='{name}']) [data-testid=macro-edit]").ClickAsync();
        await page.Locator("#macro-edit-name").ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync("-renamed");
        await page.Locator("[data-testid=macro-editor-save]").ClickAsync(new() { Timeout = 20_000 });
        await page.Locator(".mud-snackbar").GetByText($"Macro {name}-renamed saved").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains(await MacrosAsync(), m => m.Name == $"{name}-renamed");
        Assert.Empty(await OutsideViewportAsync(page, "[data-testid=macro-list] button"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Recording_GoesOnWithTheMenuClosed_AndTheMacrosButtonSaysRec(int width, int height)
    {
        var target = await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", new(width, height));
        await ConsoleMenu.OpenAsync(page, "macros");
        await page.Locator("[data-testid=macro-record]").ClickAsync();
        await page.Locator("[data-testid=menu-close]").ClickAsync();
        await page.Locator("[data-testid=menu-drawer]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

        // The picture is free of the menu now; the recording still runs and says so on the Macros button.
        var rec = page.Locator("[data-testid=menu-macros] [data-testid=macro-recording]");
        await rec.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Empty(await OutsideViewportAsync(page, "[data-testid=macro-recording]"));
        await page.Locator("[data-testid=console-screen]").FocusAsync();
        await page.Keyboard.TypeAsync("xy");
        await WaitUntilAsync(() => target.ScreenText.Contains("xy", StringComparison.Ordinal), 10);
        await Screenshots.TakeAsync(page, $"macro-recording-{width}.png");

        await ConsoleMenu.OpenAsync(page, "macros");
        await page.Locator("[data-testid=macro-stop]").ClickAsync();
        await rec.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached, Timeout = 20_000 });
        var save = page.Locator("[data-testid=macro-save]");
        Assert.Matches(@"Save ([4-9]|\d\d+) steps", await save.InnerTextAsync()); // x and y, each pressed and released (pauses may add steps)
    }

    private Task<IReadOnlyList<Macro>> MacrosAsync() => App.Services.GetRequiredService<MacroStore>().ListAsync("oscar", CancellationToken.None);
}
