using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>Browser helpers shared by the Chromium tests: sign in through the login form and wait for the interactive page.</summary>
internal static class BrowserSignIn
{
    /// <summary>A new context at the given viewport, signed in as <paramref name="user"/>, on the interactive console page.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> OpenConsoleAsync(
        IBrowser browser, Uri server, string user, string password, int width = 1600, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new() { BaseURL = server.ToString(), ViewportSize = new() { Width = width, Height = height }, HasTouch = width < 600 });
        return (context, await SignInAsync(context, user, password));
    }

    /// <summary>Signs in on a new page of <paramref name="context"/> and waits until the console is interactive.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await WaitInteractiveAsync(page);
        return page;
    }

    public static async Task WaitInteractiveAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Polls <paramref name="condition"/> for up to <paramref name="seconds"/> (<see cref="Poll"/>).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, int seconds = 30) => Poll.UntilAsync(condition, "the test's condition", seconds);
}
